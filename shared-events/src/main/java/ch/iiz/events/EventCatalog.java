package ch.iiz.events;

import ch.iiz.events.audit.AuditEvent;
import ch.iiz.events.billing.BillingEvent;
import ch.iiz.events.registry.InstitutionEvent;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.placement.PlacementEvent;
import ch.iiz.events.referral.ReferralEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every event type of the contract, derived from the sealed roots of the topics. Adding a record to a
 * sealed {@code permits} list is all it takes to make it known to the codec, the AsyncAPI document and the tests.
 */
public final class EventCatalog {

    /** One event type: its wire name, current version, topic and Java record. */
    public record Entry(String name, int version, String summary, String topic,
                        Class<? extends IntegrationEvent> type) {
    }

    /** The sealed root of each topic, in the order topics are documented. */
    public static final Map<String, Class<? extends IntegrationEvent>> ROOTS;

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, Entry> BY_CLASS = new LinkedHashMap<>();

    static {
        Map<String, Class<? extends IntegrationEvent>> roots = new LinkedHashMap<>();
        roots.put(Topics.CASE_EVENTS, CaseEvent.class);
        roots.put(Topics.REFERRAL_EVENTS, ReferralEvent.class);
        roots.put(Topics.BILLING_EVENTS, BillingEvent.class);
        roots.put(Topics.PLACEMENT_EVENTS, PlacementEvent.class);
        roots.put(Topics.INSTITUTION_REGISTRY, InstitutionEvent.class);
        roots.put(Topics.AUDIT_ANCHORS, AuditEvent.class);
        ROOTS = Collections.unmodifiableMap(roots);
        roots.forEach((topic, root) -> {
            for (Class<?> permitted : root.getPermittedSubclasses()) {
                register(topic, permitted);
            }
        });
    }

    private EventCatalog() {
    }

    @SuppressWarnings("unchecked")
    private static void register(String topic, Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null || !type.isRecord()) {
            throw new IllegalStateException(type.getName() + " must be a record annotated with @EventType");
        }
        Entry entry = new Entry(annotation.name(), annotation.version(), annotation.summary(), topic,
                (Class<? extends IntegrationEvent>) type);
        if (BY_NAME.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalStateException("Duplicate event type name " + entry.name());
        }
        BY_CLASS.put(type, entry);
    }

    public static List<Entry> entries() {
        return List.copyOf(BY_NAME.values());
    }

    public static List<Entry> entriesOn(String topic) {
        List<Entry> result = new ArrayList<>();
        for (Entry entry : BY_NAME.values()) {
            if (entry.topic().equals(topic)) {
                result.add(entry);
            }
        }
        return result;
    }

    public static Optional<Entry> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Entry entryFor(Class<?> type) {
        Entry entry = BY_CLASS.get(type);
        if (entry == null) {
            throw new IllegalArgumentException(type.getName() + " is not an event of the catalogue");
        }
        return entry;
    }
}
