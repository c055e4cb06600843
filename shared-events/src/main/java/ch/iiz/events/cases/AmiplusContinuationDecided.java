package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** The municipality decided, on the report ending a phase, whether AMIplus goes on. */
@EventType(name = "AmiplusContinuationDecided",
        summary = "The municipality decided whether AMIplus continues after a phase.")
public record AmiplusContinuationDecided(String mandateId, int phase, boolean continueProgram, LocalDate decidedOn,
                                         String decidedBy) implements CaseEvent {
}
