package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A measure ended; {@code costChf} is what it cost, never above the approval. */
@EventType(name = "MeasureCompleted", summary = "A measure ended with its final cost, never above the approval.")
public record MeasureCompleted(String measureId, LocalDate completedOn, BigDecimal costChf) implements CaseEvent {
}
