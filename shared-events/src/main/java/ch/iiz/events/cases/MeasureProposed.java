package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An external measure was proposed with its estimated cost in CHF; it waits for the cost approval. */
@EventType(name = "MeasureProposed",
        summary = "An external measure was proposed with its cost; it needs the financing institution's approval.")
public record MeasureProposed(String measureId, MeasureKind kind, String provider, BigDecimal estimatedCostChf,
                              String financingInstitutionId, LocalDate proposedOn, String proposedBy)
        implements CaseEvent {
}
