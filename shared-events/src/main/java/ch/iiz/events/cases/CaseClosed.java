package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/**
 * The case was closed with an outcome. A permanent job often also detaches the client from social assistance,
 * hence the separate flag the detachment rate (Ablösequote) counts.
 */
@EventType(name = "CaseClosed", summary = "The case was closed with an outcome.")
public record CaseClosed(CaseOutcome outcome, boolean detachedFromSocialAssistance, LocalDate closedOn,
                         String closedBy) implements CaseEvent {
}
