package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** An AMIplus phase ended; {@code endedOn} is its last day (billed included). */
@EventType(name = "AmiplusPhaseEnded", summary = "An AMIplus phase ended; endedOn is its last day.")
public record AmiplusPhaseEnded(String mandateId, int phase, LocalDate endedOn) implements CaseEvent {
}
