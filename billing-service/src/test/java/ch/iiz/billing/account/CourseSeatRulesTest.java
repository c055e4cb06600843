package ch.iiz.billing.account;

import ch.iiz.billing.tariff.Chf;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.placement.ConfirmedSeat;
import ch.iiz.events.placement.CourseConfirmed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hessen joint measure planning: on a confirmed course the organiser charges each reserving institution its price per
 * confirmed seat, on the case of the seat's client, traced to the confirmation and the reservation.
 */
class CourseSeatRulesTest {

    static final UUID CONFIRMATION = UUID.fromString("00000000-0000-0000-0000-00000000c0de");

    /** {@code seats}: {@code reservation/case/reserving institution/price}, separated by {@code ;}. */
    static CourseConfirmed confirmed(String organiser, String decisionDate, String seats) {
        List<ConfirmedSeat> list = new ArrayList<>();
        for (String s : seats.split(";")) {
            String[] f = s.trim().split("/");
            list.add(new ConfirmedSeat(f[0], f[1], f[2], new BigDecimal(f[3])));
        }
        return new CourseConfirmed("course-1", organiser, LocalDate.parse(decisionDate), list);
    }

    /** What one case's account is charged: {@code debtor=amount@month} per charge, in order. */
    static List<String> charged(String caseId, CourseConfirmed event) {
        return AccountRules.apply(CaseAccount.open(caseId), event, CONFIRMATION).stream()
                .map(c -> c.debtorId() + "=" + c.amountChf() + "@" + c.billingMonth()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            two institutions of different legal domains, each its own client    | JC-HE-KS | 2026-09-15 | r1/case-a/RAV-AG-AARAU/450.00; r2/case-b/SD-AG-MENZIKEN/450.00 | case-a | RAV-AG-AARAU=450.00@2026-09
            the other case's seat is charged on the other case                   | JC-HE-KS | 2026-09-15 | r1/case-a/RAV-AG-AARAU/450.00; r2/case-b/SD-AG-MENZIKEN/450.00 | case-b | SD-AG-MENZIKEN=450.00@2026-09
            the organiser reserving for its own client is not charged            | JC-HE-KS | 2026-09-15 | r1/case-a/JC-HE-KS/450.00                                      | case-a |
            a free seat is not charged                                           | JC-HE-KS | 2026-09-15 | r1/case-a/RAV-AG-AARAU/0.00                                    | case-a |
            a price to the Rappen is charged exactly                             | JC-HE-KS | 2026-10-31 | r1/case-a/RAV-AG-AARAU/437.35                                  | case-a | RAV-AG-AARAU=437.35@2026-10
            the price each seat was reserved at, not one price for all           | JC-HE-KS | 2026-09-01 | r1/case-a/RAV-AG-AARAU/400.00; r2/case-b/IV-AG-SVA/450.00       | case-b | IV-AG-SVA=450.00@2026-09
            two seats on one case (two reservations) are two charges             | JC-HE-KS | 2026-09-15 | r1/case-a/RAV-AG-AARAU/450.00; r2/case-a/IV-AG-SVA/450.00       | case-a | RAV-AG-AARAU=450.00@2026-09 IV-AG-SVA=450.00@2026-09
            a case without a seat is not charged                                 | JC-HE-KS | 2026-09-15 | r1/case-a/RAV-AG-AARAU/450.00                                  | case-z |
            """)
    void the_organiser_charges_each_reserving_institution_per_confirmed_seat(String rule, String organiser,
                                                                             String decisionDate, String seats,
                                                                             String caseId, String expected) {
        List<String> want = expected == null ? List.of() : Arrays.asList(expected.trim().split(" "));
        assertThat(charged(caseId, confirmed(organiser, decisionDate, seats))).as(rule).isEqualTo(want);
    }

    @Test
    void a_seat_charge_traces_to_the_confirmation_and_the_reservation_and_is_charged_once() {
        CaseAccount a = CaseAccount.open("case-a");
        CourseConfirmed event = confirmed("JC-HE-KS", "2026-09-15", "res-77/case-a/RAV-AG-AARAU/450.00");
        List<Charge> charges = AccountRules.apply(a, event, CONFIRMATION);
        assertThat(charges).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ChargeKind.COURSE_SEAT);
            assertThat(c.caseId()).isEqualTo("case-a");
            assertThat(c.creditorId()).isEqualTo("JC-HE-KS");
            assertThat(c.sourceEventIds()).containsExactly(CONFIRMATION);
            assertThat(c.chargeId()).contains("course-1-res-77");
            assertThat(c.quantity()).isEqualByComparingTo(BigDecimal.ONE);
            assertThat(c.unitPriceChf()).isEqualTo(Chf.of("450.00"));
            assertThat(c.periodFrom()).isEqualTo(LocalDate.of(2026, 9, 15));
            assertThat(c.billingMonth()).isEqualTo(YearMonth.of(2026, 9));
        });
        // the same confirmation again (another delivery under another id) charges nothing more
        assertThat(AccountRules.apply(a, event, UUID.randomUUID())).isEmpty();
        // a rebuild gives the same charge with the same id
        assertThat(AccountRules.apply(CaseAccount.open("case-a"), event, CONFIRMATION)).isEqualTo(charges);
    }

    @Test
    void a_confirmed_course_is_charged_on_the_case_of_each_seat() {
        assertThat(AccountRules.casesOf(confirmed("JC-HE-KS", "2026-09-15",
                "r1/case-b/RAV-AG-AARAU/1.00; r2/case-a/IV-AG-SVA/1.00; r3/case-b/SD-AG-MENZIKEN/1.00"), null))
                .containsExactly("case-a", "case-b");
    }
}
