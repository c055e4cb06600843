package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** A version of the integration plan was agreed; the plan itself stays in the document store. */
@EventType(name = "IntegrationPlanAgreed", summary = "A version of the integration plan was agreed.")
public record IntegrationPlanAgreed(int planVersion, LocalDate agreedOn, String documentRef) implements CaseEvent {
}
