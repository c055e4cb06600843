package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

@EventType(name = "EntitlementRecorded", summary = "The client became entitled to a benefit from an institution.")
public record EntitlementRecorded(Entitlement entitlement, LocalDate validFrom) implements CaseEvent {
}
