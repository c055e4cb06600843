package ch.iiz.billing.account;

import ch.iiz.billing.tariff.Chf;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.Program;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.cases.*;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverExtended;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static ch.iiz.billing.account.AccountRulesTest.RAV;
import static ch.iiz.billing.account.AccountRulesTest.SD;
import static ch.iiz.billing.account.AccountRulesTest.d;
import static ch.iiz.billing.account.AccountRulesTest.sum;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #11: every month of running work is billed by the month closes alone, phases and handovers only within their
 * limits, no day outside a phase that ran, nothing charged ahead of its accrual date, and no creditor bills itself.
 */
class MonthlyBillingRulesTest {

    static CaseAccount mandate(String phaseOneStart) {
        CaseAccount a = CaseAccount.open("c");
        AccountRules.apply(a, new CaseOpened("cl-1234", CooperationModel.AARGAU, Program.AMIPLUS, SD, d(phaseOneStart),
                "AG", false, List.of(), List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "AG", "Menziken"),
                new Participant(RAV, InstitutionType.RAV, "AG", null))), UUID.randomUUID());
        AccountRules.apply(a, new AmiplusMandateIssued("m", SD, RAV, "KG", d(phaseOneStart)), UUID.randomUUID());
        AccountRules.apply(a, new AmiplusPhaseStarted("m", 1, d(phaseOneStart), d(phaseOneStart).plusMonths(2).minusDays(1)),
                UUID.randomUUID());
        return a;
    }

    /** Continues from the running phase {@code from} into the next one, recorded on {@code recordedOn}. */
    static List<Charge> next(CaseAccount a, int from, String start, String plannedEnd, String recordedOn) {
        List<Charge> out = new ArrayList<>();
        LocalDate rec = d(recordedOn);
        out.addAll(AccountRules.apply(a, new AmiplusContinuationDecided("m", from, true, rec, SD), UUID.randomUUID(), rec));
        out.addAll(AccountRules.apply(a, new AmiplusPhaseEnded("m", from, d(start).minusDays(1)), UUID.randomUUID(), rec));
        out.addAll(AccountRules.apply(a, new AmiplusPhaseStarted("m", from + 1, d(start), d(plannedEnd)),
                UUID.randomUUID(), rec));
        return out;
    }

    @Test
    void a_running_phase_with_no_other_activity_is_charged_at_each_monthly_close_and_keeps_its_creditor_running() {
        CaseAccount a = mandate("2026-01-05");
        next(a, 1, "2026-03-01", "2027-02-28", "2026-02-25");
        assertThat(AccountRules.runningCreditors(a)).containsExactly(RAV);
        List<Charge> march = AccountRules.accrue(a, RAV, d("2026-03-31"));
        List<Charge> april = AccountRules.accrue(a, RAV, d("2026-04-30"));
        List<Charge> may = AccountRules.accrue(a, RAV, d("2026-05-31"));
        assertThat(sum(march)).isEqualTo(Chf.of("310.00"));
        assertThat(sum(april)).isEqualTo(Chf.of("300.00"));
        assertThat(sum(may)).isEqualTo(Chf.of("310.00"));
        assertThat(List.of(march, april, may)).allSatisfy(month -> assertThat(month).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(ChargeKind.AMIPLUS_DAILY)));
        assertThat(may.get(0).billingMonth()).isEqualTo(YearMonth.of(2026, 5));
        assertThat(AccountRules.runningCreditors(a)).containsExactly(RAV);
    }

    @Test
    void an_overrun_phase_2_is_billed_for_18_months_and_resumes_only_with_the_continuation_back_dated() {
        CaseAccount a = mandate("2024-11-01");
        next(a, 1, "2025-01-01", "2026-06-30", "2024-12-20");
        assertThat(sum(AccountRules.accrue(a, RAV, d("2026-06-30")))).isEqualTo(Chf.of("5460.00")); // 546 days
        assertThat(AccountRules.accrue(a, RAV, d("2026-07-31"))).isEmpty();
        assertThat(AccountRules.accrue(a, RAV, d("2026-08-31"))).isEmpty();
        assertThat(AccountRules.runningCreditors(a)).isEmpty();
        // the municipality decides late; phase 3 starts the day after phase 2's limit: its days are charged in their
        // own months, up to the last close
        List<Charge> resumed = next(a, 2, "2026-07-01", "2027-06-30", "2026-09-10");
        assertThat(sum(resumed)).isEqualTo(Chf.of("620.00"));
        assertThat(resumed).extracting(Charge::billingMonth).containsExactly(YearMonth.of(2026, 7), YearMonth.of(2026, 8));
        assertThat(sum(AccountRules.accrue(a, RAV, d("2026-09-30")))).isEqualTo(Chf.of("300.00"));
    }

    @Test
    void an_overrun_phase_3_is_not_billed_past_its_planned_end_until_the_extension_allows_it() {
        CaseAccount a = mandate("2024-11-01");
        next(a, 1, "2025-01-01", "2025-06-30", "2024-12-20");
        next(a, 2, "2025-07-01", "2025-12-31", "2025-06-20");
        AccountRules.accrue(a, RAV, d("2025-12-31"));
        assertThat(AccountRules.accrue(a, RAV, d("2026-01-31"))).isEmpty();
        assertThat(AccountRules.accrue(a, RAV, d("2026-02-28"))).isEmpty();
        assertThat(AccountRules.runningCreditors(a)).isEmpty();
        // extended (decided before the planned end, recorded late): January and February are charged, each in its month
        List<Charge> extended = AccountRules.apply(a, new AmiplusPhaseExtended("m", 3, d("2025-12-31"), d("2026-03-31"),
                d("2025-12-20"), SD), UUID.randomUUID(), d("2026-03-02"));
        assertThat(extended).extracting(Charge::billingMonth).containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2));
        assertThat(sum(extended)).isEqualTo(Chf.of("590.00"));
        assertThat(sum(AccountRules.accrue(a, RAV, d("2026-03-31")))).isEqualTo(Chf.of("310.00"));
        assertThat(AccountRules.accrue(a, RAV, d("2026-04-30"))).isEmpty();
    }

    @Test
    void an_abort_dated_before_the_running_phase_started_charges_none_of_its_days() {
        CaseAccount a = mandate("2026-01-05");
        next(a, 1, "2026-03-10", "2027-03-09", "2026-02-25");
        LocalDate rec = d("2026-03-12");
        // case-service ends the phase on its first day (it cannot end before it), then records the abort as dated
        List<Charge> charges = new ArrayList<>();
        charges.addAll(AccountRules.apply(a, new AmiplusPhaseEnded("m", 2, d("2026-03-10")), UUID.randomUUID(), rec));
        charges.addAll(AccountRules.apply(a, new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, d("2026-03-05"), SD),
                UUID.randomUUID(), rec));
        assertThat(charges).isEmpty();
        assertThat(AccountRules.accrue(a, RAV, d("2026-03-31"))).isEmpty();
        assertThat(AccountRules.runningCreditors(a)).isEmpty();
    }

    @Test
    void an_abort_on_the_phases_first_day_charges_that_day() {
        CaseAccount a = mandate("2026-01-05");
        next(a, 1, "2026-03-10", "2027-03-09", "2026-02-25");
        LocalDate rec = d("2026-03-12");
        List<Charge> charges = new ArrayList<>();
        charges.addAll(AccountRules.apply(a, new AmiplusPhaseEnded("m", 2, d("2026-03-10")), UUID.randomUUID(), rec));
        charges.addAll(AccountRules.apply(a, new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, d("2026-03-10"), SD),
                UUID.randomUUID(), rec));
        assertThat(sum(charges)).isEqualTo(Chf.of("10.00"));
    }

    @Test
    void an_abort_before_phase_1_started_reverses_its_flat() {
        CaseAccount a = mandate("2026-03-10");
        LocalDate rec = d("2026-03-12");
        List<Charge> charges = new ArrayList<>();
        charges.addAll(AccountRules.apply(a, new AmiplusPhaseEnded("m", 1, d("2026-03-10")), UUID.randomUUID(), rec));
        charges.addAll(AccountRules.apply(a, new CaseAborted(AbortReason.MUNICIPALITY_REQUEST, null, d("2026-03-01"), SD),
                UUID.randomUUID(), rec));
        assertThat(charges).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ChargeKind.CORRECTION);
            assertThat(c.amountChf()).isEqualTo(Chf.of("-300.00"));
            assertThat(c.billingMonth()).isEqualTo(YearMonth.of(2026, 3));
        });
    }

    @Test
    void an_end_dated_ahead_is_charged_only_up_to_its_accrual_date_and_the_rest_by_the_closes() {
        CaseAccount a = mandate("2026-01-05");
        next(a, 1, "2026-03-01", "2027-02-28", "2026-02-25");
        LocalDate rec = d("2026-03-20");
        List<Charge> now = new ArrayList<>();
        now.addAll(AccountRules.apply(a, new AmiplusPhaseEnded("m", 2, d("2027-03-19")), UUID.randomUUID(), rec));
        now.addAll(AccountRules.apply(a, new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, d("2027-03-19"), SD),
                UUID.randomUUID(), rec));
        assertThat(sum(now)).isEqualTo(Chf.of("200.00")); // 1–20 March, not CHF 3,650
        assertThat(AccountRules.runningCreditors(a)).containsExactly(RAV);
        assertThat(sum(AccountRules.accrue(a, RAV, d("2026-03-31")))).isEqualTo(Chf.of("110.00"));
        assertThat(sum(AccountRules.accrue(a, RAV, d("2026-04-30")))).isEqualTo(Chf.of("300.00"));
    }

    @Test
    void a_measure_proposed_and_financed_by_the_same_institution_is_not_invoiced() {
        CaseAccount a = CaseAccount.open("c");
        String iv = "IV-LU-WAS";
        AccountRules.apply(a, new MeasureProposed("mea", MeasureKind.COACHING, "Coach", Chf.of("500.00"), iv,
                d("2026-03-01"), iv), UUID.randomUUID());
        AccountRules.apply(a, new MeasureCostApproved("mea", "KG", Chf.of("500.00"), iv, d("2026-03-01")),
                UUID.randomUUID());
        assertThat(AccountRules.apply(a, new MeasureCompleted("mea", d("2026-03-20"), Chf.of("480.00")),
                UUID.randomUUID())).isEmpty();
    }

    @Test
    void a_mandate_between_one_institution_and_itself_charges_nothing() {
        CaseAccount a = CaseAccount.open("c");
        AccountRules.apply(a, new AmiplusMandateIssued("m", RAV, RAV, "KG", d("2026-01-05")), UUID.randomUUID());
        assertThat(AccountRules.apply(a, new AmiplusPhaseStarted("m", 1, d("2026-01-05"), d("2026-03-04")),
                UUID.randomUUID())).isEmpty();
        next(a, 1, "2026-03-01", "2027-02-28", "2026-02-25");
        assertThat(AccountRules.accrue(a, RAV, d("2026-03-31"))).isEmpty();
        assertThat(AccountRules.runningCreditors(a)).isEmpty();
    }

    @Test
    void a_lead_is_billed_only_up_to_the_handovers_end_and_resumes_with_its_extension() {
        CaseAccount a = CaseAccount.open("c");
        AccountRules.apply(a, new LeadHandoverAccepted("ho-1", "IV-LU-WAS", d("2026-01-09"), d("2026-01-10"),
                d("2026-03-09")), UUID.randomUUID(), d("2026-01-09"));
        assertThat(sum(AccountRules.apply(a, new LeadDecided("d", "IV-LU-WAS", d("2026-01-10"), LeadBasis.OPTIMA_HANDOVER,
                "RAV-LU-SURSEE", "ho-1", List.of()), UUID.randomUUID(), d("2026-01-10")))).isEqualTo(Chf.of("300.00"));
        assertThat(AccountRules.runningCreditors(a)).containsExactly("IV-LU-WAS");
        assertThat(sum(AccountRules.accrue(a, "IV-LU-WAS", d("2026-02-28")))).isEqualTo(Chf.of("300.00"));
        assertThat(AccountRules.runningCreditors(a)).isEmpty();
        assertThat(AccountRules.accrue(a, "IV-LU-WAS", d("2026-04-30"))).isEmpty(); // no lead ended: limit is the plan
        List<Charge> extended = AccountRules.apply(a, new LeadHandoverExtended("ho-1", "RAV-LU-SURSEE", d("2026-03-05"),
                d("2026-03-09"), d("2026-05-09")), UUID.randomUUID(), d("2026-05-02"));
        assertThat(extended).extracting(Charge::periodFrom).containsExactly(d("2026-03-10"), d("2026-04-10"));
        assertThat(AccountRules.runningCreditors(a)).isEmpty();
    }

    @Test
    void a_lead_of_an_institution_commissioned_by_itself_is_not_charged() {
        CaseAccount a = CaseAccount.open("c");
        assertThat(AccountRules.apply(a, new LeadDecided("d", "IV-LU-WAS", d("2026-01-10"), LeadBasis.OPTIMA_HANDOVER,
                "IV-LU-WAS", "ho-1", List.of()), UUID.randomUUID())).isEmpty();
        assertThat(AccountRules.accrue(a, "IV-LU-WAS", d("2026-05-31"))).isEmpty();
    }
}
