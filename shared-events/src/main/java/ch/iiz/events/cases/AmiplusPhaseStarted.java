package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** An AMIplus phase (1, 2 or 3) started; the planned end follows the phase's limits. */
@EventType(name = "AmiplusPhaseStarted", summary = "An AMIplus phase started.")
public record AmiplusPhaseStarted(String mandateId, int phase, LocalDate startedOn, LocalDate plannedEndOn)
        implements CaseEvent {
}
