package ch.iiz.events.referral;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;
import ch.iiz.events.cases.LeadBasis;

import java.time.LocalDate;
import java.util.List;

/**
 * The decision case-service applies to the case: from {@code effectiveOn}, {@code leadInstitutionId} leads.
 *
 * @param commissioningInstitutionId who keeps overall responsibility and pays an OPTIMA lead fee, if any
 * @param handoverId                 the handover the decision comes from, if any
 * @param coLeadInstitutionIds       co-leading partners (Hessen youth employment agency), empty otherwise
 */
@EventType(name = "LeadDecided", summary = "A lead decision: from effectiveOn, the named institution leads the case.")
public record LeadDecided(String decisionId, String leadInstitutionId, LocalDate effectiveOn, LeadBasis basis,
                          @Nullable String commissioningInstitutionId, @Nullable String handoverId,
                          List<String> coLeadInstitutionIds) implements ReferralEvent {
}
