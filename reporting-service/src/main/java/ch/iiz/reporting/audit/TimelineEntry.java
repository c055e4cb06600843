package ch.iiz.reporting.audit;

import ch.iiz.events.Actor;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Nullable;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One event of a case's timeline or history with both its times: the envelope as it travelled (record time
 * {@code occurredAt}) and the {@code businessDate} the fact happened on.
 */
public record TimelineEntry(
        UUID eventId,
        String type,
        int schemaVersion,
        @Nullable String caseId,
        long sequence,
        @Schema(description = "when the system recorded the event") Instant occurredAt,
        @Schema(description = "the day the fact happened, from the event's own date") LocalDate businessDate,
        Actor actor,
        @Nullable UUID correlationId,
        @Nullable UUID causationId,
        IntegrationEvent payload) {

    public static TimelineEntry of(EventEnvelope<IntegrationEvent> e) {
        return new TimelineEntry(e.eventId(), e.type(), e.schemaVersion(), e.caseId(), e.sequence(), e.occurredAt(),
                BusinessDate.of(e), e.actor(), e.correlationId(), e.causationId(), e.payload());
    }
}
