package ch.iiz.events.cases;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The case's lead (Fallführung) changed, applying a decision from referral-service, so the case's own stream
 * tells who led when.
 *
 * @param decisionEventId the referral event that carried the decision
 * @param coLeadInstitutionIds further co-leading partners (Hessen youth employment agency), empty otherwise
 */
@EventType(name = "CaseLeadChanged", summary = "The case lead changed, applying a lead decision from referral-service.")
public record CaseLeadChanged(String previousLeadInstitutionId, String leadInstitutionId, LocalDate effectiveOn,
                              LeadBasis basis, @Nullable UUID decisionEventId, @Nullable String handoverId,
                              List<String> coLeadInstitutionIds) implements CaseEvent {
}
