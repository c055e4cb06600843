package ch.iiz.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every event record carries on a topic.
 *
 * @param eventId       unique id; consumers deduplicate on it
 * @param type          the payload's wire name from {@link EventType}
 * @param schemaVersion the payload's schema version as written (older versions are upcast when read)
 * @param caseId        the case the event belongs to; absent only for billing events that span cases (invoices)
 * @param sequence      position in the stream of the aggregate that emitted it, from 0; consumers can spot gaps
 * @param occurredAt    when the event was committed
 * @param actor         who caused it
 * @param correlationId the request or flow the event belongs to
 * @param causationId   the event or command that caused it
 * @param payload       the event itself
 */
public record EventEnvelope<E extends IntegrationEvent>(
        UUID eventId,
        String type,
        int schemaVersion,
        @Nullable String caseId,
        long sequence,
        Instant occurredAt,
        Actor actor,
        @Nullable UUID correlationId,
        @Nullable UUID causationId,
        E payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payload, "payload");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0");
        }
    }

    /** An envelope for a new event at the payload's current schema version. */
    public static <E extends IntegrationEvent> EventEnvelope<E> of(
            UUID eventId, @Nullable String caseId, long sequence, Instant occurredAt, Actor actor,
            @Nullable UUID correlationId, @Nullable UUID causationId, E payload) {
        EventCatalog.Entry entry = EventCatalog.entryFor(payload.getClass());
        return new EventEnvelope<>(eventId, entry.name(), entry.version(), caseId, sequence, occurredAt, actor,
                correlationId, causationId, payload);
    }

    /** The Kafka record key: the case id, so one case's events stay in order on one partition. */
    public String partitionKey() {
        if (caseId != null) {
            return caseId;
        }
        if (payload instanceof Keyed keyed) {
            return keyed.partitionKey();
        }
        return eventId.toString();
    }

    /** The topic this envelope belongs on. */
    public String topic() {
        return EventCatalog.entryFor(payload.getClass()).topic();
    }

    /**
     * Implemented by payloads about one case that an aggregate other than the case emits (a course's reservation):
     * the envelope's case id is theirs, not the emitting aggregate's id.
     */
    public interface AboutCase {
        String caseId();
    }

    /** Implemented by payloads that do not belong to one case and choose their own key. */
    public interface Keyed {
        String partitionKey();
    }
}
