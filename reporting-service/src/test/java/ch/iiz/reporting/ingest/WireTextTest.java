package ch.iiz.reporting.ingest;

import ch.iiz.events.Actor;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.cases.MeasureKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class WireTextTest {

    @Test
    void json_that_jsonb_holds_passes() {
        assertThat(WireText.jsonbProblem("{\"a\":\"plain\"}")).isNull();
        assertThat(WireText.jsonbProblem("{\"a\":\"\\\"quoted\\\" \\\\u0000 \\n \\u00e9\"}")).isNull();
        assertThat(WireText.jsonbProblem("{\"a\":\"\\ud83d\\ude00\"}")).isNull();
    }

    @Test
    void nul_and_unpaired_surrogate_escapes_are_named() {
        assertThat(WireText.jsonbProblem("{\"a\":\"x\\u0000\"}")).contains("u0000");
        assertThat(WireText.jsonbProblem("{\"a\":\"\\ud83d\"}")).contains("high surrogate");
        assertThat(WireText.jsonbProblem("{\"a\":\"\\ud83dx\\ude00\"}")).contains("high surrogate");
        assertThat(WireText.jsonbProblem("{\"a\":\"\\ud83d\\n\"}")).contains("high surrogate");
        assertThat(WireText.jsonbProblem("{\"a\":\"\\ude00\"}")).contains("low surrogate");
    }

    private static final EventCodec CODEC = new EventCodec();
    private static final LocalDate DAY = LocalDate.of(2026, 2, 2);

    /** An envelope and its wire text as a producer writes it (the codec reads no case id over 64 characters). */
    private static String unfit(String caseId, String institution, IntegrationEvent payload) {
        EventEnvelope<IntegrationEvent> envelope = EventEnvelope.of(UUID.randomUUID(), caseId, 0,
                Instant.parse("2026-02-02T09:00:00Z"), new Actor(institution, InstitutionType.SOCIAL_SERVICES,
                        "caseworker"), null, null, payload);
        return WireText.unfit(CODEC.encode(envelope), envelope);
    }

    private static ConsentRecorded consent() {
        return new ConsentRecorded("c1", DAY, List.of("SD-AG-MENZIKEN"), "dms://c");
    }

    private static CourseAnnounced course(String courseId) {
        return new CourseAnnounced(courseId, "SD-AG-MENZIKEN", MeasureKind.COACHING, "Anbieter", 10, 2, DAY,
                BigDecimal.TEN, DAY, DAY);
    }

    @Test
    void values_as_wide_as_the_event_log_columns_are_kept() {
        assertThat(unfit("c".repeat(64), "i".repeat(64), consent())).isNull();
        assertThat(unfit(null, "SD", course("k".repeat(100)))).isNull();
        // PostgreSQL counts characters: 64 emoji are 128 UTF-16 units and still fit
        assertThat(unfit(Character.toString(0x1F600).repeat(64), "SD", consent())).isNull();
    }

    @Test
    void a_value_wider_than_its_event_log_column_is_named() {
        assertThat(unfit("c".repeat(65), "SD", consent())).contains("case id is too long").contains("65 characters");
        assertThat(unfit("case", "i".repeat(65), consent())).contains("actor institution is too long");
        assertThat(unfit(null, "SD", course("k".repeat(101)))).contains("stream id is too long");
    }

    @Test
    void a_decodable_wire_text_jsonb_cannot_hold_is_named() {
        String wire = CODEC.encode(EventEnvelope.of(UUID.randomUUID(), "case", 0, Instant.parse("2026-02-02T09:00:00Z"),
                new Actor("SD", InstitutionType.SOCIAL_SERVICES, "caseworker"), null, null, consent()))
                .replace("dms://c", "dms://\\ud800c");
        assertThat(WireText.unfit(wire, CODEC.decode(wire))).contains("cannot be kept in the event log")
                .contains("high surrogate");
    }
}
