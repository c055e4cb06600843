package ch.iiz.events.referral;

import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventType;

import java.time.LocalDate;

/**
 * A participant proposed that another institution take over the case lead because it has the better competences.
 * {@code commissioningInstitutionId} keeps overall responsibility and gets the lead back when the handover ends.
 */
@EventType(name = "LeadHandoverProposed", summary = "A participant proposed handing the case lead to another institution.")
public record LeadHandoverProposed(String handoverId, CooperationModel model, String proposedBy,
                                   String commissioningInstitutionId, String proposedInstitutionId, String reason,
                                   LocalDate proposedOn, LocalDate answerDueOn, LocalDate plannedEndOn)
        implements ReferralEvent {
}
