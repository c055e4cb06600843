package ch.iiz.billing.account;

import ch.iiz.billing.tariff.Chf;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.Program;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.HandoverEndReason;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverEnded;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AccountRulesTest {

    static final String SD = "SD-AG-MENZIKEN";
    static final String RAV = "RAV-AG-AARAU";

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    static BigDecimal sum(List<Charge> charges) {
        return charges.stream().map(Charge::amountChf).reduce(Chf.ZERO, BigDecimal::add);
    }

    static CaseAccount amiplusInPhase2(String phase2Start) {
        CaseAccount a = CaseAccount.open("c");
        AccountRules.apply(a, new CaseOpened("cl-1234", CooperationModel.AARGAU, Program.AMIPLUS, SD, d("2026-01-05"),
                "AG", false, List.of(), List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "AG", "Menziken"),
                new Participant(RAV, InstitutionType.RAV, "AG", null))), UUID.randomUUID());
        AccountRules.apply(a, new AmiplusMandateIssued("m", SD, RAV, "KG", d("2026-01-05")), UUID.randomUUID());
        AccountRules.apply(a, new AmiplusPhaseStarted("m", 1, d("2026-01-05"), d("2026-03-04")), UUID.randomUUID());
        AccountRules.apply(a, new AmiplusContinuationDecided("m", 1, true, d("2026-02-20"), SD), UUID.randomUUID());
        AccountRules.apply(a, new AmiplusPhaseEnded("m", 1, d(phase2Start).minusDays(1)), UUID.randomUUID());
        AccountRules.apply(a, new AmiplusPhaseStarted("m", 2, d(phase2Start), d("2027-02-28")), UUID.randomUUID());
        return a;
    }

    @Test
    void a_running_phase_is_charged_month_by_month_at_each_close() {
        CaseAccount a = amiplusInPhase2("2026-03-10");
        assertThat(sum(AccountRules.accrue(a, RAV, d("2026-03-31")))).isEqualTo(Chf.of("220.00"));
        assertThat(sum(AccountRules.accrue(a, RAV, d("2026-04-30")))).isEqualTo(Chf.of("300.00"));
        assertThat(AccountRules.accrue(a, RAV, d("2026-04-30"))).isEmpty(); // the same close again adds nothing
        assertThat(AccountRules.accrue(a, "SOMEBODY-ELSE", d("2026-05-31"))).isEmpty();
    }

    @Test
    void a_phase_that_ended_before_a_close_assumed_is_corrected_for_the_days_not_due() {
        CaseAccount a = amiplusInPhase2("2026-03-01");
        AccountRules.accrue(a, RAV, d("2026-03-31"));
        List<Charge> late = AccountRules.apply(a, new AmiplusPhaseEnded("m", 2, d("2026-03-20")), UUID.randomUUID());
        assertThat(late).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ChargeKind.CORRECTION);
            assertThat(c.amountChf()).isEqualTo(Chf.of("-110.00"));
            assertThat(c.periodFrom()).isEqualTo(d("2026-03-21"));
            assertThat(c.billingMonth()).isEqualTo(YearMonth.of(2026, 3));
            assertThat(c.correctsChargeId()).isNotNull();
        });
        assertThat(AccountRules.apply(a, new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, d("2026-03-20"), SD),
                UUID.randomUUID())).isEmpty();
    }

    @Test
    void continuing_into_phase_3_charges_each_day_once() {
        CaseAccount a = amiplusInPhase2("2026-03-01");
        AccountRules.accrue(a, RAV, d("2026-03-31"));
        AccountRules.apply(a, new AmiplusContinuationDecided("m", 2, true, d("2026-04-01"), SD), UUID.randomUUID());
        assertThat(AccountRules.apply(a, new AmiplusPhaseEnded("m", 2, d("2026-04-14")), UUID.randomUUID())).isEmpty();
        List<Charge> phase3 = AccountRules.apply(a, new AmiplusPhaseStarted("m", 3, d("2026-04-15"), d("2027-04-14")),
                UUID.randomUUID());
        // phase 2 has ended: its April days are final and charged now; April's close adds phase 3's days
        assertThat(sum(phase3)).isEqualTo(Chf.of("140.00"));
        assertThat(sum(AccountRules.accrue(a, RAV, d("2026-04-30")))).isEqualTo(Chf.of("160.00"));
    }

    @Test
    void an_optima_lead_charges_its_first_month_at_once_and_each_started_month_later() {
        CaseAccount a = CaseAccount.open("c");
        UUID decided = UUID.randomUUID();
        List<Charge> first = AccountRules.apply(a, new LeadDecided("d", "IV-LU-WAS", d("2026-01-31"),
                LeadBasis.OPTIMA_HANDOVER, "RAV-LU-SURSEE", "ho-1", List.of()), decided);
        assertThat(first).singleElement().satisfies(c -> {
            assertThat(c.creditorId()).isEqualTo("IV-LU-WAS");
            assertThat(c.debtorId()).isEqualTo("RAV-LU-SURSEE");
            assertThat(c.amountChf()).isEqualTo(Chf.of("300.00"));
            assertThat(c.sourceEventIds()).contains(decided);
        });
        assertThat(AccountRules.accrue(a, "IV-LU-WAS", d("2026-02-27"))).isEmpty();
        assertThat(AccountRules.accrue(a, "IV-LU-WAS", d("2026-02-28"))).singleElement()
                .satisfies(c -> assertThat(c.billingMonth()).isEqualTo(YearMonth.of(2026, 2)));
        List<Charge> end = AccountRules.apply(a, new LeadHandoverEnded("ho-1", d("2026-03-31"), "RAV-LU-SURSEE",
                HandoverEndReason.EXPIRED), UUID.randomUUID());
        assertThat(end).singleElement().satisfies(c -> assertThat(c.periodFrom()).isEqualTo(d("2026-03-31")));
    }

    @Test
    void a_lead_month_charged_ahead_of_an_earlier_end_is_reversed() {
        CaseAccount a = CaseAccount.open("c");
        AccountRules.apply(a, new LeadDecided("d", "IV-LU-WAS", d("2026-01-10"), LeadBasis.OPTIMA_HANDOVER,
                "RAV-LU-SURSEE", "ho-1", List.of()), UUID.randomUUID());
        AccountRules.accrue(a, "IV-LU-WAS", d("2026-02-28"));
        List<Charge> end = AccountRules.apply(a, new LeadHandoverEnded("ho-1", d("2026-02-05"), "RAV-LU-SURSEE",
                HandoverEndReason.RECALLED), UUID.randomUUID());
        assertThat(end).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ChargeKind.CORRECTION);
            assertThat(c.amountChf()).isEqualTo(Chf.of("-300.00"));
        });
    }

    @Test
    void hessen_routing_is_not_charged() {
        CaseAccount a = CaseAccount.open("c");
        assertThat(AccountRules.apply(a, new LeadDecided("d", "JC-HE-KASSEL", d("2026-01-10"), LeadBasis.HESSEN_ROUTING,
                null, null, List.of()), UUID.randomUUID())).isEmpty();
    }
}
