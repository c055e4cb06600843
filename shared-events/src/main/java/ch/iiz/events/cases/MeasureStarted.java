package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

@EventType(name = "MeasureStarted", summary = "An approved measure started.")
public record MeasureStarted(String measureId, LocalDate startedOn) implements CaseEvent {
}
