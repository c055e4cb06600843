package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

@EventType(name = "MeasureCostRefused", summary = "The financing institution refused a measure's cost.")
public record MeasureCostRefused(String measureId, String refusedBy, String reason, LocalDate refusedOn)
        implements CaseEvent {
}
