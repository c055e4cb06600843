package ch.iiz.reporting.console;

import ch.iiz.reporting.audit.CaseAsOf;

import io.quarkus.qute.TemplateData;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the console's templates show, computed in Java so the templates only lay it out. */
@TemplateData(target = CaseAsOf.class)
@TemplateData(target = CaseAsOf.LeadPeriod.class)
@TemplateData(target = ConsoleQueries.TimelineRow.class)
@TemplateData(target = ConsoleQueries.Charge.class)
@TemplateData(target = ConsoleQueries.CaseHit.class)
public final class ConsoleView {

    public static final ZoneId ZONE = ZoneId.of("Europe/Zurich");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);

    private ConsoleView() {
    }

    public static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** The header of every page: who is signed in and which sections they may open. */
    @TemplateData
    public record Who(String institutionId, String subject, boolean auditor, boolean operations) {
    }

    @TemplateData
    public record CasePage(Who who, String caseId, String program, String status, String municipality, int days,
                           LocalDate firstDay, LocalDate lastDay, List<ConsoleQueries.TimelineRow> timeline,
                           List<LeadSegment> leadBar, List<ConsoleQueries.Charge> charges, BigDecimal chargedTotal) {
    }

    /**
     * One stretch of the lead bar: who led from when to when (its last day; null when another institution took the
     * lead the same day), and its share of the case's time axis.
     */
    @TemplateData
    public record LeadSegment(String institutionId, LocalDate from, LocalDate to, String basis, String widthPercent,
                              int colour) {
    }

    @TemplateData
    public record State(String caseId, String atText, LocalDate day, boolean byDay, int total, CaseAsOf state,
                        List<String> consents) {
        public int applied() {
            return state.eventsApplied();
        }
    }

    @TemplateData
    public record TopicRow(String topic, int partitions, String endOffsets, long records, double rate) {
    }

    @TemplateData
    public record GroupRow(String group, long totalLag, String lagging) {
    }

    @TemplateData
    public record LetterRow(String dlqTopic, int partition, long offset, String key, String time, String reason,
                            String sourceTopic, String redrive) {
        public String id() {
            return "dl-" + dlqTopic.replaceAll("[^A-Za-z0-9]", "-") + "-" + partition + "-" + offset;
        }
    }

    @TemplateData
    public record DeadLetterTopic(String topic, long count, List<LetterRow> latest) {
    }

    @TemplateData
    public record OpsPanel(String sampledAt, List<TopicRow> topics, List<GroupRow> groups,
                           List<DeadLetterTopic> deadLetters, boolean mayRun) {
    }

    @TemplateData
    public record Rebuild(String state, long done, long total, long refusedLeftOut, String percent, double rate,
                          Long secondsLeft, String startedAt, String finishedAt, String error, boolean mayRun) {
        public boolean running() {
            return "RUNNING".equals(state);
        }
    }
}
