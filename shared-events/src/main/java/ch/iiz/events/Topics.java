package ch.iiz.events;

import java.util.List;

/**
 * Topic names. Event topics keep their records forever because every replay reads them from offset zero;
 * dead-letter topics keep theirs for a bounded time.
 */
public final class Topics {
    public static final String CASE_EVENTS = "iiz.case.events";
    public static final String REFERRAL_EVENTS = "iiz.referral.events";
    public static final String BILLING_EVENTS = "iiz.billing.events";
    /** Hessen joint measure planning (courses, seats) and shared vacancies, told by placement-service. */
    public static final String PLACEMENT_EVENTS = "iiz.placement.events";
    /** The institution registry: compacted, one current record per institution (key = institution id). */
    public static final String INSTITUTION_REGISTRY = "iiz.institution.registry";
    /** Anchors of the event stores (tamper evidence), keyed by service; kept forever, few records. */
    public static final String AUDIT_ANCHORS = "iiz.audit.anchors";

    /** Consumer groups, one per service; each has its own dead-letter topic. */
    public static final List<String> CONSUMER_GROUPS =
            List.of("case-service", "referral-service", "billing-service", "reporting-service", "placement-service");

    public static final List<String> EVENT_TOPICS = List.of(CASE_EVENTS, REFERRAL_EVENTS, BILLING_EVENTS, PLACEMENT_EVENTS);

    /** Partitions of each event topic: enough for a few instances per consumer group on one broker. */
    public static final int EVENT_TOPIC_PARTITIONS = 6;

    /** Dead letters are kept 30 days: long enough to be inspected and replayed by hand. */
    public static final long DEAD_LETTER_RETENTION_MS = 30L * 24 * 60 * 60 * 1000;

    private Topics() {
    }

    public static String deadLetterTopic(String consumerGroup) {
        return "iiz.dlq." + consumerGroup;
    }

    public static List<String> deadLetterTopics() {
        return CONSUMER_GROUPS.stream().map(Topics::deadLetterTopic).toList();
    }

    /** Headers set on every event record, so operators can filter with kcat without parsing JSON. */
    public static final String HEADER_EVENT_ID = "iiz-event-id";
    public static final String HEADER_EVENT_TYPE = "iiz-event-type";
    public static final String HEADER_SCHEMA_VERSION = "iiz-schema-version";
    /**
     * Tamper evidence (ch.iiz.events.integrity.EventChain), hex: the event's chain hash and the previous event's of the
     * same aggregate, as the source's event store keeps them. Absent on events of services without a chained store.
     */
    public static final String HEADER_HASH = "iiz-hash";
    public static final String HEADER_PREV_HASH = "iiz-prev-hash";
    /** Headers of a dead-letter record (SmallRye's names): why it failed and where it came from. */
    public static final String HEADER_DLQ_REASON = "dead-letter-reason";
    public static final String HEADER_DLQ_CAUSE = "dead-letter-cause";
    public static final String HEADER_DLQ_TOPIC = "dead-letter-topic";
    public static final String HEADER_DLQ_PARTITION = "dead-letter-partition";
    public static final String HEADER_DLQ_OFFSET = "dead-letter-offset";
}
