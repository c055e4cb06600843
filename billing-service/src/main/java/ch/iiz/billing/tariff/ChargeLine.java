package ch.iiz.billing.tariff;

import ch.iiz.events.billing.ChargeKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * One charge the tariff produces: {@code quantity × unitPrice = amount} for the period, in the calendar month
 * {@code billingMonth}.
 */
public record ChargeLine(ChargeKind kind, LocalDate periodFrom, LocalDate periodTo, BigDecimal quantity,
                         BigDecimal unitPriceChf, BigDecimal amountChf, YearMonth billingMonth) {

    public ChargeLine {
        if (quantity.multiply(unitPriceChf).compareTo(amountChf) != 0) {
            throw new IllegalArgumentException("amount " + amountChf + " is not " + quantity + " × " + unitPriceChf);
        }
        if (periodTo.isBefore(periodFrom)) {
            throw new IllegalArgumentException("period ends before it starts");
        }
    }
}
