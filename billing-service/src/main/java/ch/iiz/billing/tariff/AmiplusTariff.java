package ch.iiz.billing.tariff;

import ch.iiz.events.billing.ChargeKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * AMIplus prices to the commissioning municipality (seed 001, DOMAIN.md "Billing rules"): phase 1 CHF 300 once,
 * charged in the month it starts; phases 2 and 3 CHF 10 per calendar day, start day and end day included, split by
 * calendar month; a day shared by two phases is charged once.
 */
public final class AmiplusTariff {

    public static final BigDecimal PHASE_1_FLAT = Chf.of("300.00");
    public static final BigDecimal PER_DAY = Chf.of("10.00");

    /** A phase as it ran: {@code lastDay} included (the end, abort or close day, or the day before the next phase). */
    public record PhasePeriod(int phase, LocalDate firstDay, LocalDate lastDay) {
    }

    private AmiplusTariff() {
    }

    public static ChargeLine phaseOneFlat(LocalDate phaseOneStart) {
        return new ChargeLine(ChargeKind.AMIPLUS_PHASE_1_FLAT, phaseOneStart, phaseOneStart, BigDecimal.ONE,
                PHASE_1_FLAT, PHASE_1_FLAT, YearMonth.from(phaseOneStart));
    }

    /**
     * The daily charges of phases 2 and 3 up to and including {@code until} (for a phase still running, the last day
     * billed so far), one line per phase and calendar month. Phases come in order; no day is charged twice.
     */
    public static List<ChargeLine> daily(List<PhasePeriod> phases, LocalDate until) {
        List<ChargeLine> lines = new ArrayList<>();
        LocalDate lastCharged = LocalDate.MIN;
        for (PhasePeriod p : phases) {
            if (p.phase() < 2) {
                continue;
            }
            LocalDate from = p.firstDay().isAfter(lastCharged) ? p.firstDay() : lastCharged.plusDays(1);
            LocalDate to = p.lastDay().isBefore(until) ? p.lastDay() : until;
            for (LocalDate start = from; !start.isAfter(to); ) {
                LocalDate monthEnd = YearMonth.from(start).atEndOfMonth();
                LocalDate end = monthEnd.isBefore(to) ? monthEnd : to;
                long days = ChronoUnit.DAYS.between(start, end) + 1;
                BigDecimal quantity = BigDecimal.valueOf(days);
                lines.add(new ChargeLine(ChargeKind.AMIPLUS_DAILY, start, end, quantity, PER_DAY,
                        Chf.exact(quantity.multiply(PER_DAY)), YearMonth.from(start)));
                start = end.plusDays(1);
            }
            if (to.isAfter(lastCharged)) {
                lastCharged = to;
            }
        }
        return lines;
    }

    /** An external measure at its cost, never above the approval, charged in the month it ended. */
    public static ChargeLine measure(LocalDate startedOn, LocalDate endedOn, BigDecimal costChf, BigDecimal approvedChf) {
        BigDecimal amount = Chf.exact(costChf.min(approvedChf));
        return new ChargeLine(ChargeKind.EXTERNAL_MEASURE, startedOn, endedOn, BigDecimal.ONE, amount, amount,
                YearMonth.from(endedOn));
    }
}
