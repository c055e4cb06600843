package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

@EventType(name = "EntitlementEnded", summary = "The client's entitlement to a benefit ended.")
public record EntitlementEnded(Entitlement entitlement, LocalDate endedOn) implements CaseEvent {
}
