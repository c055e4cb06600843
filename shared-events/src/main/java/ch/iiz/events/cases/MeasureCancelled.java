package ch.iiz.events.cases;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;

@EventType(name = "MeasureCancelled", summary = "A measure was cancelled before or while it ran.")
public record MeasureCancelled(String measureId, LocalDate cancelledOn, @Nullable String reason)
        implements CaseEvent {
}
