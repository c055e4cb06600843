package ch.iiz.reporting.ingest;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.placement.CourseAnnounced;
import ch.iiz.events.placement.CourseCancelled;
import ch.iiz.events.placement.CourseConfirmed;
import ch.iiz.events.placement.SeatReleased;
import ch.iiz.events.placement.SeatReserved;
import ch.iiz.events.placement.VacancyOutcomeRecorded;
import ch.iiz.events.placement.VacancyProposed;
import ch.iiz.events.placement.VacancyRecorded;

/**
 * What the event log keeps beside an event's wire text, and which records it cannot keep ({@link #unfit}): the live
 * ingest dead-letters those with the reason before any insert. (The projection rebuild needs no copy of this rule: it
 * leaves out every record the ingest noted as refused, {@link Ingest#REFUSALS}.)
 */
final class WireText {

    // The event_log columns an event's own values go into (db/migration: V2__reporting.sql for case_id, type and
    // actor_institution, V9__event_log_once.sql for stream_id). PostgreSQL counts characters, not UTF-16 units.
    // topic is the configured topic's name, and hash and prev_hash are 64 hex digits or "invalid" (Ingest.hexHeader).
    static final int CASE_ID_WIDTH = 64;
    static final int TYPE_WIDTH = 64;
    static final int ACTOR_INSTITUTION_WIDTH = 64;
    static final int STREAM_ID_WIDTH = 100;

    private WireText() {
    }

    /** Why the event log cannot keep this record, a decoded event and its wire text, or null when it can. */
    static String unfit(String wire, EventEnvelope<IntegrationEvent> envelope) {
        String tooLong = tooLong("case id", envelope.caseId(), CASE_ID_WIDTH);
        if (tooLong == null) {
            tooLong = tooLong("type", envelope.type(), TYPE_WIDTH);
        }
        if (tooLong == null) {
            tooLong = tooLong("actor institution", envelope.actor().institutionId(), ACTOR_INSTITUTION_WIDTH);
        }
        if (tooLong == null) {
            tooLong = tooLong("stream id", streamOf(envelope.payload()), STREAM_ID_WIDTH);
        }
        if (tooLong != null) {
            return tooLong;
        }
        String jsonb = jsonbProblem(wire);
        return jsonb == null ? null : "the record cannot be kept in the event log: " + jsonb;
    }

    private static String tooLong(String what, String value, int width) {
        int length = value == null ? 0 : value.codePointCount(0, value.length());
        return length <= width ? null
                : "the " + what + " is too long for the event log: " + length + " characters, at most " + width;
    }

    /**
     * The placement stream (course or vacancy) an event belongs to, or null for the other topics: the chain check
     * follows each such stream by its sequence.
     */
    static String streamOf(IntegrationEvent payload) {
        if (payload instanceof CourseAnnounced e) {
            return e.courseId();
        } else if (payload instanceof SeatReserved e) {
            return e.courseId();
        } else if (payload instanceof SeatReleased e) {
            return e.courseId();
        } else if (payload instanceof CourseConfirmed e) {
            return e.courseId();
        } else if (payload instanceof CourseCancelled e) {
            return e.courseId();
        } else if (payload instanceof VacancyRecorded e) {
            return e.vacancyId();
        } else if (payload instanceof VacancyProposed e) {
            return e.vacancyId();
        } else if (payload instanceof VacancyOutcomeRecorded e) {
            return e.vacancyId();
        }
        return null;
    }

    /**
     * Why PostgreSQL's {@code jsonb}, as which the console's queries read the wire text, could not hold this JSON
     * text, or null when it can: it refuses the NUL escape (backslash, u, 0000) and unpaired surrogate escapes. Such a record
     * is dead-lettered instead of being stored where it would break a read. The text is JSON the codec has read.
     */
    static String jsonbProblem(String json) {
        int pairEnd = -1; // after a high surrogate escape: where its low surrogate escape must start
        int i = json.indexOf('\\');
        while (i >= 0 && i + 1 < json.length()) {
            if (pairEnd >= 0 && i != pairEnd) {
                return HIGH_ALONE;
            }
            boolean unicode = json.charAt(i + 1) == 'u' && i + 6 <= json.length();
            int code = unicode ? Integer.parseInt(json, i + 2, i + 6, 16) : -1;
            boolean low = code >= 0xDC00 && code <= 0xDFFF;
            if (pairEnd >= 0 && !low) {
                return HIGH_ALONE;
            }
            if (pairEnd < 0 && low) {
                return "a low surrogate escape without its high surrogate";
            }
            if (code == 0) {
                return "the escape \\u0000";
            }
            pairEnd = code >= 0xD800 && code <= 0xDBFF ? i + 6 : -1;
            i = json.indexOf('\\', i + (unicode ? 6 : 2));
        }
        return pairEnd >= 0 ? HIGH_ALONE : null;
    }

    private static final String HIGH_ALONE = "a high surrogate escape without its low surrogate";
}
