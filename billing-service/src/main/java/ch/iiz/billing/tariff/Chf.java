package ch.iiz.billing.tariff;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Swiss francs with exact decimal arithmetic: line amounts to the Rappen, totals rounded to 5 Rappen. */
public final class Chf {

    public static final BigDecimal ZERO = new BigDecimal("0.00");
    private static final BigDecimal TWENTY = BigDecimal.valueOf(20);

    private Chf() {
    }

    public static BigDecimal of(String amount) {
        return exact(new BigDecimal(amount));
    }

    /** The amount at 2 decimals; refuses anything finer than a Rappen rather than rounding it away. */
    public static BigDecimal exact(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** Rounded to the nearest 5 Rappen, halves up (away from zero), as Swiss invoices are. */
    public static BigDecimal roundTo5Rappen(BigDecimal amount) {
        return amount.multiply(TWENTY).setScale(0, RoundingMode.HALF_UP)
                .divide(TWENTY, 2, RoundingMode.UNNECESSARY);
    }
}
