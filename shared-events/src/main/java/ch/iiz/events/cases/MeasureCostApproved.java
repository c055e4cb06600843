package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The financing institution approved the measure's cost (Kostengutsprache) up to {@code approvedAmountChf}. */
@EventType(name = "MeasureCostApproved", summary = "The financing institution approved a measure's cost (Kostengutsprache).")
public record MeasureCostApproved(String measureId, String costApprovalId, BigDecimal approvedAmountChf,
                                  String approvedBy, LocalDate approvedOn) implements CaseEvent {
}
