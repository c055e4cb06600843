package ch.iiz.billing.tariff;

import ch.iiz.events.billing.ChargeKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Hessen joint measure planning (DOMAIN.md, seed 004): the organiser of a confirmed course bills each reserving
 * institution the course's price per seat, once per confirmed seat. The seat is due when the course is confirmed: it is
 * charged on the day of that decision, in its month.
 */
public final class CourseTariff {

    private CourseTariff() {
    }

    /**
     * One confirmed seat at {@code pricePerSeat}; refuses a negative price or one finer than a Rappen rather than
     * billing something the course never announced.
     */
    public static ChargeLine seat(LocalDate confirmedOn, BigDecimal pricePerSeat) {
        BigDecimal price = Chf.exact(pricePerSeat);
        if (price.signum() < 0) {
            throw new IllegalArgumentException("a seat costs " + price + ", less than nothing");
        }
        return new ChargeLine(ChargeKind.COURSE_SEAT, confirmedOn, confirmedOn, BigDecimal.ONE, price, price,
                YearMonth.from(confirmedOn));
    }
}
