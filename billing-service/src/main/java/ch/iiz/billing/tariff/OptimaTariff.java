package ch.iiz.billing.tariff;

import ch.iiz.events.billing.ChargeKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * OPTIMA: CHF 300 per started month of case lead, charged by the lead institution to the commissioning one. Lead
 * month k starts on the lead's first day plus k months (31 Jan, 28/29 Feb, 31 Mar, ...: counted from the first day,
 * so a short month does not shift the later ones) and is charged once, in the calendar month in which it starts.
 */
public final class OptimaTariff {

    public static final BigDecimal PER_LEAD_MONTH = Chf.of("300.00");

    private OptimaTariff() {
    }

    /** The lead months started between {@code firstDay} and {@code lastDay} (both included). */
    public static List<ChargeLine> leadMonths(LocalDate firstDay, LocalDate lastDay) {
        List<ChargeLine> lines = new ArrayList<>();
        for (int k = 0; ; k++) {
            LocalDate start = firstDay.plusMonths(k);
            if (start.isAfter(lastDay)) {
                return lines;
            }
            LocalDate end = firstDay.plusMonths(k + 1L).minusDays(1);
            lines.add(new ChargeLine(ChargeKind.OPTIMA_LEAD_MONTH, start, end.isAfter(lastDay) ? lastDay : end,
                    BigDecimal.ONE, PER_LEAD_MONTH, PER_LEAD_MONTH, YearMonth.from(start)));
        }
    }
}
