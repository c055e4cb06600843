package ch.iiz.reporting.console;

import ch.iiz.reporting.audit.CaseAsOf;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LeadBarTest {

    static final LocalDate OPENED = LocalDate.of(2025, 10, 26);
    static final Instant AT = Instant.parse("2025-10-26T09:00:00Z");

    @Test
    void a_lead_replaced_on_its_first_day_has_no_last_day_and_no_width() {
        List<ConsoleView.LeadSegment> bar = ConsoleResource.leadBar(List.of(
                new CaseAsOf.LeadPeriod("SD-AG-MENZIKEN", OPENED, "OPENING", AT),
                new CaseAsOf.LeadPeriod("RAV-AG-AARAU", OPENED, "AMIPLUS_MANDATE", AT)), OPENED, OPENED.plusDays(9),
                null);

        assertThat(bar).hasSize(2);
        assertThat(bar.get(0).from()).isEqualTo(OPENED);
        assertThat(bar.get(0).to()).isNull();
        assertThat(bar.get(0).widthPercent()).isEqualTo("0.00");
        assertThat(bar.get(1).from()).isEqualTo(OPENED);
        assertThat(bar.get(1).to()).isEqualTo(OPENED.plusDays(9));
        assertThat(bar.get(1).widthPercent()).isEqualTo("100.00");
    }

    @Test
    void a_lead_of_one_day_ends_on_that_day() {
        List<ConsoleView.LeadSegment> bar = ConsoleResource.leadBar(List.of(
                new CaseAsOf.LeadPeriod("RAV-LU-SURSEE", OPENED, "OPENING", AT),
                new CaseAsOf.LeadPeriod("IV-LU-WAS", OPENED.plusDays(1), "OPTIMA_HANDOVER", AT)),
                OPENED, OPENED.plusDays(3), null);

        assertThat(bar.get(0).to()).isEqualTo(OPENED);
        assertThat(bar.get(1).from()).isEqualTo(OPENED.plusDays(1));
        assertThat(bar.get(1).to()).isEqualTo(OPENED.plusDays(3));
    }

    @Test
    void the_last_lead_of_a_closed_case_ends_on_the_closing_day_not_today() {
        LocalDate closed = OPENED.plusDays(30);
        List<ConsoleView.LeadSegment> bar = ConsoleResource.leadBar(List.of(
                new CaseAsOf.LeadPeriod("SD-AG-MENZIKEN", OPENED, "OPENING", AT),
                new CaseAsOf.LeadPeriod("RAV-AG-AARAU", OPENED.plusDays(10), "AMIPLUS_MANDATE", AT)),
                OPENED, OPENED.plusDays(99), closed);

        assertThat(bar.get(0).to()).isEqualTo(OPENED.plusDays(9));
        assertThat(bar.get(1).to()).isEqualTo(closed);
        assertThat(bar.get(1).widthPercent()).isEqualTo("21.00"); // 21 of the axis' 100 days
    }
}
