package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

@EventType(name = "ParticipantAdded", summary = "An institution within the client's consent joined the case.")
public record ParticipantAdded(Participant participant, LocalDate addedOn) implements CaseEvent {
}
