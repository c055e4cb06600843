package ch.iiz.events.cases;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;

@EventType(name = "ParticipantRemoved", summary = "An institution no longer takes part in the case.")
public record ParticipantRemoved(String institutionId, LocalDate removedOn, @Nullable String reason)
        implements CaseEvent {
}
