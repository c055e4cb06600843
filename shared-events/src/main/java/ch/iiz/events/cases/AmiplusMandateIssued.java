package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/**
 * A municipality's social services commissioned the RAV with an integration mandate (Integrationsauftrag)
 * and its cost approval (Kostengutsprache). The RAV leads the labour-market integration while it runs.
 */
@EventType(name = "AmiplusMandateIssued",
        summary = "A municipality issued an AMIplus integration mandate with cost approval to an RAV.")
public record AmiplusMandateIssued(String mandateId, String municipalityInstitutionId, String ravInstitutionId,
                                   String costApprovalRef, LocalDate issuedOn) implements CaseEvent {
}
