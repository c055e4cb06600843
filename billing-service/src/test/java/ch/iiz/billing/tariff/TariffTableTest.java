package ch.iiz.billing.tariff;

import ch.iiz.billing.tariff.AmiplusTariff.PhasePeriod;
import ch.iiz.events.billing.ChargeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tariff table of the billing issue, to the Rappen. */
class TariffTableTest {

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    static BigDecimal total(List<ChargeLine> lines) {
        return lines.stream().map(ChargeLine::amountChf).reduce(Chf.ZERO, BigDecimal::add);
    }

    @Test
    void phase_1_is_300_once_in_the_month_it_starts() {
        ChargeLine flat = AmiplusTariff.phaseOneFlat(d("2026-03-30"));
        assertThat(flat.amountChf()).isEqualTo(Chf.of("300.00"));
        assertThat(flat.billingMonth()).isEqualTo(YearMonth.of(2026, 3));
    }

    @Test
    void a_phase_across_a_month_boundary_is_split_by_calendar_month() {
        List<ChargeLine> lines = AmiplusTariff.daily(List.of(new PhasePeriod(2, d("2026-03-20"), d("2026-04-10"))),
                d("2026-12-31"));
        assertThat(lines).extracting(ChargeLine::billingMonth, ChargeLine::quantity, ChargeLine::amountChf)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(YearMonth.of(2026, 3), BigDecimal.valueOf(12), Chf.of("120.00")),
                        org.assertj.core.groups.Tuple.tuple(YearMonth.of(2026, 4), BigDecimal.valueOf(10), Chf.of("100.00")));
    }

    @Test
    void the_leap_day_is_a_calendar_day() {
        List<ChargeLine> lines = AmiplusTariff.daily(List.of(new PhasePeriod(2, d("2028-02-01"), d("2028-02-29"))),
                d("2028-12-31"));
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.quantity()).isEqualTo(BigDecimal.valueOf(29));
            assertThat(l.amountChf()).isEqualTo(Chf.of("290.00"));
        });
    }

    @Test
    void an_abort_in_mid_phase_charges_up_to_and_including_the_abort_day() {
        List<ChargeLine> lines = AmiplusTariff.daily(List.of(new PhasePeriod(3, d("2026-06-01"), d("2026-06-17"))),
                d("2026-12-31"));
        assertThat(total(lines)).isEqualTo(Chf.of("170.00"));
    }

    @Test
    void a_phase_change_on_the_same_day_charges_that_day_once() {
        List<ChargeLine> lines = AmiplusTariff.daily(List.of(
                new PhasePeriod(2, d("2026-01-01"), d("2026-05-31")),
                new PhasePeriod(3, d("2026-05-31"), d("2026-06-30"))), d("2026-12-31"));
        // 1 Jan - 30 Jun: 181 days
        assertThat(total(lines)).isEqualTo(Chf.of("1810.00"));
        assertThat(lines.stream().filter(l -> l.periodFrom().equals(d("2026-05-31")))).isEmpty();
    }

    @Test
    void consecutive_phases_are_charged_without_a_gap_or_overlap() {
        List<ChargeLine> lines = AmiplusTariff.daily(List.of(
                new PhasePeriod(2, d("2026-01-01"), d("2026-05-30")),
                new PhasePeriod(3, d("2026-05-31"), d("2026-06-30"))), d("2026-12-31"));
        assertThat(total(lines)).isEqualTo(Chf.of("1810.00"));
    }

    @Test
    void a_phase_3_extension_is_charged_at_the_same_daily_rate() {
        // phase 3 planned 1 Jan - 31 Dec 2026, extended by 6 months to 30 Jun 2027, ended then
        List<ChargeLine> lines = AmiplusTariff.daily(List.of(new PhasePeriod(3, d("2026-01-01"), d("2027-06-30"))),
                d("2027-12-31"));
        assertThat(lines).hasSize(18);
        assertThat(total(lines)).isEqualTo(Chf.of("5460.00")); // 365 + 181 days
    }

    @Test
    void a_running_phase_is_charged_up_to_the_day_billed_so_far() {
        List<ChargeLine> lines = AmiplusTariff.daily(List.of(new PhasePeriod(2, d("2026-03-20"), d("2027-03-19"))),
                d("2026-04-30"));
        assertThat(total(lines)).isEqualTo(Chf.of("420.00"));
    }

    @Test
    void a_measure_at_exactly_its_approval_is_charged_in_full_and_never_above() {
        assertThat(AmiplusTariff.measure(d("2026-02-01"), d("2026-04-30"), Chf.of("4000.00"), Chf.of("4000.00"))
                .amountChf()).isEqualTo(Chf.of("4000.00"));
        assertThat(AmiplusTariff.measure(d("2026-02-01"), d("2026-04-30"), Chf.of("4000.05"), Chf.of("4000.00"))
                .amountChf()).isEqualTo(Chf.of("4000.00"));
        assertThat(AmiplusTariff.measure(d("2026-02-01"), d("2026-04-30"), Chf.of("3980.50"), Chf.of("4000.00"))
                .billingMonth()).isEqualTo(YearMonth.of(2026, 4));
    }

    @ParameterizedTest(name = "OPTIMA lead {0} - {1}: {2} lead months")
    @CsvSource({
            "2026-01-22, 2026-01-22, 1",   // a lead of 1 day
            "2026-01-01, 2026-01-31, 1",   // 31 days
            "2026-01-01, 2026-02-01, 2",   // 32 days
            "2026-01-22, 2026-02-21, 1",   // DOMAIN.md: 22 Jan - 21 Feb, 300
            "2026-01-22, 2026-02-22, 2",   // DOMAIN.md: 22 Jan - 22 Feb, 600
            "2026-01-31, 2026-02-27, 1",   // from 31 Jan the next lead month starts on 28 Feb
            "2026-01-31, 2026-02-28, 2",
            "2028-01-31, 2028-02-29, 2",   // ... on 29 Feb in a leap year
            "2026-01-31, 2026-03-30, 2",   // the third starts 31 Mar, counted from the first day
            "2026-01-31, 2026-03-31, 3"})
    void optima_charges_each_started_lead_month_once(LocalDate from, LocalDate to, int months) {
        List<ChargeLine> lines = OptimaTariff.leadMonths(from, to);
        assertThat(lines).hasSize(months);
        assertThat(total(lines)).isEqualTo(Chf.exact(BigDecimal.valueOf(300L * months)));
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.kind()).isEqualTo(ChargeKind.OPTIMA_LEAD_MONTH);
            assertThat(l.billingMonth()).isEqualTo(YearMonth.from(l.periodFrom()));
        });
    }

    @ParameterizedTest(name = "net {0} -> total {1}, rounding {2}")
    @CsvSource({
            "300.00, 300.00, 0.00",
            "10.02, 10.00, -0.02",
            "10.03, 10.05, 0.02",
            "10.025, , ",
            "10.07, 10.05, -0.02",
            "10.08, 10.10, 0.02",
            "-10.03, -10.05, -0.02"})
    void invoice_totals_are_rounded_to_5_rappen_with_the_difference_shown(String net, String total, String rounding) {
        if (total == null) {
            assertThatThrownBy(() -> InvoiceTotals.of(List.of(new BigDecimal(net))))
                    .isInstanceOf(ArithmeticException.class); // finer than a Rappen is refused, not rounded away
            return;
        }
        InvoiceTotals totals = InvoiceTotals.of(List.of(new BigDecimal(net)));
        assertThat(totals.totalChf()).isEqualTo(Chf.of(total));
        assertThat(totals.roundingChf()).isEqualTo(Chf.of(rounding));
        assertThat(totals.netChf().add(totals.roundingChf())).isEqualTo(totals.totalChf());
    }

    @Test
    void an_invoice_adds_its_lines_exactly() {
        InvoiceTotals totals = InvoiceTotals.of(List.of(Chf.of("300.00"), Chf.of("120.00"), Chf.of("3980.53")));
        assertThat(totals.netChf()).isEqualTo(Chf.of("4400.53"));
        assertThat(totals.totalChf()).isEqualTo(Chf.of("4400.55"));
        assertThat(totals.roundingChf()).isEqualTo(Chf.of("0.02"));
    }

    @ParameterizedTest(name = "course confirmed {0} at {1} -> {2} in {3}")
    @CsvSource({
            "2026-09-15, 450.00, 450.00, 2026-09",
            "2026-09-30, 437.35, 437.35, 2026-09",
            "2026-10-01, 450, 450.00, 2026-10",
            "2026-09-15, 0.005, , ",
            "2026-09-15, -1.00, , "})
    void a_confirmed_course_seat_is_its_price_once_in_the_month_of_the_confirmation(String confirmedOn, String price,
                                                                                 String amount, String month) {
        if (amount == null) {
            assertThatThrownBy(() -> CourseTariff.seat(d(confirmedOn), new BigDecimal(price)))
                    .isInstanceOf(RuntimeException.class); // finer than a Rappen or negative: refused, not billed
            return;
        }
        ChargeLine line = CourseTariff.seat(d(confirmedOn), new BigDecimal(price));
        assertThat(line.kind()).isEqualTo(ChargeKind.COURSE_SEAT);
        assertThat(line.amountChf()).isEqualTo(Chf.of(amount));
        assertThat(line.unitPriceChf()).isEqualTo(Chf.of(amount));
        assertThat(line.quantity()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(line.billingMonth()).isEqualTo(YearMonth.parse(month));
        assertThat(line.periodFrom()).isEqualTo(d(confirmedOn)).isEqualTo(line.periodTo());
    }
}
