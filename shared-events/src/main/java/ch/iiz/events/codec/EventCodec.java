package ch.iiz.events.codec;

import ch.iiz.events.Actor;
import ch.iiz.events.EventCatalog;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Nullable;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.UUID;

/**
 * Reads and writes event envelopes as JSON. Type names come from the catalogue, never from Java class names;
 * unknown fields are tolerated; older schema versions are upcast; required fields are checked, so a consumer
 * never sees an event with a missing field it relies on. Thread-safe.
 */
public final class EventCodec {

    /** What a consumer accepts (see {@link #requireComplete}). */
    public static final int MAX_TEXT = 4000;
    /**
     * Sealed personal data ({@code enc:v1:...}, the service-kit cipher) of a free text of up to 2000 characters: up to
     * 3 bytes a character in UTF-8, 28 bytes of nonce and tag, and base64.
     */
    public static final int MAX_SEALED_TEXT = 12_000;
    public static final String SEALED_PREFIX = "enc:v1:";
    public static final int MAX_ID = 300;
    public static final int MAX_ITEMS = 1000;
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(2999, 12, 31);
    static final Instant EARLIEST_INSTANT = EARLIEST_DATE.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    static final Instant LATEST_INSTANT = LATEST_DATE.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    private static final java.util.regex.Pattern CASE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ObjectMapper mapper;
    private final Upcasters upcasters;

    public EventCodec() {
        this(newObjectMapper(), Upcasters.standard());
    }

    public EventCodec(ObjectMapper mapper, Upcasters upcasters) {
        this.mapper = mapper;
        this.upcasters = upcasters;
    }

    /**
     * The mapper the contract is written with: ISO dates, money as exact decimal strings, no nulls written,
     * unknown properties ignored.
     */
    public static ObjectMapper newObjectMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        // Money travels as a string ("300.00") so no reader parses it as a binary floating-point number.
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String encode(EventEnvelope<?> envelope) {
        try {
            return mapper.writeValueAsString(toTree(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    public byte[] encodeBytes(EventEnvelope<?> envelope) {
        return encode(envelope).getBytes(StandardCharsets.UTF_8);
    }

    public ObjectNode toTree(EventEnvelope<?> envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        node.put("type", envelope.type());
        node.put("schemaVersion", envelope.schemaVersion());
        if (envelope.caseId() != null) {
            node.put("caseId", envelope.caseId());
        }
        node.put("sequence", envelope.sequence());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.set("actor", mapper.valueToTree(envelope.actor()));
        if (envelope.correlationId() != null) {
            node.put("correlationId", envelope.correlationId().toString());
        }
        if (envelope.causationId() != null) {
            node.put("causationId", envelope.causationId().toString());
        }
        node.set("payload", mapper.valueToTree(envelope.payload()));
        return node;
    }

    public EventEnvelope<IntegrationEvent> decode(byte[] json) {
        if (json == null) {
            throw new EventDecodingException("record has no value");
        }
        return decode(new String(json, StandardCharsets.UTF_8));
    }

    public EventEnvelope<IntegrationEvent> decode(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new EventDecodingException("envelope must be a JSON object");
        }
        return decode((ObjectNode) root);
    }

    /** Decodes and checks that the payload belongs to the expected topic root, e.g. {@code CaseEvent.class}. */
    @SuppressWarnings("unchecked")
    public <E extends IntegrationEvent> EventEnvelope<E> decode(String json, Class<E> root) {
        EventEnvelope<IntegrationEvent> envelope = decode(json);
        if (!root.isInstance(envelope.payload())) {
            throw new EventDecodingException("type '" + envelope.type() + "' does not belong to " + root.getSimpleName());
        }
        return (EventEnvelope<E>) envelope;
    }

    public EventEnvelope<IntegrationEvent> decode(ObjectNode root) {
        String type = text(root, "type");
        int version = requiredNode(root, "schemaVersion").asInt(0);
        if (version < 1) {
            throw new EventDecodingException("schemaVersion: must be a positive integer");
        }
        EventCatalog.Entry entry = EventCatalog.byName(type).orElseThrow(() -> new UnknownEventTypeException(type));
        if (version > entry.version()) {
            throw new EventDecodingException("schemaVersion: " + type + " v" + version
                    + " is newer than this reader's v" + entry.version());
        }
        JsonNode payloadNode = requiredNode(root, "payload");
        if (!payloadNode.isObject()) {
            throw new EventDecodingException("payload: must be a JSON object");
        }
        ObjectNode payloadJson = upcasters.upcast(type, version, entry.version(), (ObjectNode) payloadNode);
        IntegrationEvent payload;
        try {
            payload = mapper.treeToValue(payloadJson, entry.type());
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("payload of " + type + ": " + e.getOriginalMessage());
        }
        requireComplete(payload, "payload");
        Actor actor;
        try {
            actor = mapper.treeToValue(requiredNode(root, "actor"), Actor.class);
        } catch (JsonProcessingException e) {
            throw new EventDecodingException("actor: " + e.getOriginalMessage());
        }
        requireComplete(actor, "actor");
        String caseId = root.hasNonNull("caseId") ? root.get("caseId").asText() : null;
        if (caseId != null && !CASE_ID.matcher(caseId).matches()) {
            throw new EventDecodingException("caseId: must be 1 to 64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return new EventEnvelope<>(
                uuid(root, "eventId", true), type, version,
                caseId,
                requiredNode(root, "sequence").asLong(-1) < 0 ? fail("sequence: must be >= 0")
                        : root.get("sequence").asLong(),
                instant(root),
                actor,
                uuid(root, "correlationId", false),
                uuid(root, "causationId", false),
                payload);
    }

    private static long fail(String message) {
        throw new EventDecodingException(message);
    }

    private static JsonNode requiredNode(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new EventDecodingException(field + ": is required");
        }
        return node;
    }

    private static String text(ObjectNode root, String field) {
        JsonNode node = requiredNode(root, field);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new EventDecodingException(field + ": must be a non-empty string");
        }
        return node.asText();
    }

    private static UUID uuid(ObjectNode root, String field, boolean required) {
        if (!required && !root.hasNonNull(field)) {
            return null;
        }
        try {
            return UUID.fromString(text(root, field));
        } catch (IllegalArgumentException e) {
            throw new EventDecodingException(field + ": must be a UUID");
        }
    }

    private static Instant instant(ObjectNode root) {
        Instant at;
        try {
            at = Instant.parse(text(root, "occurredAt"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new EventDecodingException("occurredAt: must be an ISO-8601 instant");
        }
        if (at.isBefore(EARLIEST_INSTANT) || at.isAfter(LATEST_INSTANT)) {
            throw new EventDecodingException("occurredAt: must lie between " + EARLIEST_INSTANT + " and " + LATEST_INSTANT);
        }
        return at;
    }

    /** An element of a list of ids ({@code ...Ids[3]}): bounded like an id. */
    private static final java.util.regex.Pattern ID_ITEM = java.util.regex.Pattern.compile(".*Ids\\[\\d+]");

    /** A record component as the check needs it; looked up once per record class (reflection is dear per event). */
    private record Component(java.lang.reflect.Method accessor, String name, boolean nullable) {
    }

    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Component[] result = new Component[components.length];
            for (int i = 0; i < components.length; i++) {
                result[i] = new Component(components[i].getAccessor(), components[i].getName(),
                        components[i].isAnnotationPresent(Nullable.class));
            }
            return result;
        }
    };

    /**
     * Every record component not marked {@link Nullable} must be present, down through nested records and lists, and
     * every value must be one a consumer can store: text bounded and free of control characters, ids bounded, dates
     * within {@link #EARLIEST_DATE} and {@link #LATEST_DATE}, lists bounded. A record that breaks this goes to the
     * consumer's dead-letter topic with the reason instead of into a read model that could no longer be read.
     */
    static void requireComplete(Object value, String path) {
        if (value instanceof String text) {
            int max = path.endsWith("Id") || (path.endsWith("]") && ID_ITEM.matcher(path).matches()) ? MAX_ID
                    : text.startsWith(SEALED_PREFIX) ? MAX_SEALED_TEXT : MAX_TEXT;
            if (text.length() > max) {
                throw new EventDecodingException(path + ": must be at most " + max + " characters");
            }
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if ((ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') || (ch >= 0x7f && ch <= 0x9f)) {
                    throw new EventDecodingException(path + ": must not contain control characters");
                }
            }
            return;
        }
        if (value instanceof LocalDate date) {
            if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
                throw new EventDecodingException(path + ": must lie between " + EARLIEST_DATE + " and " + LATEST_DATE);
            }
            return;
        }
        if (value == null || !value.getClass().isRecord()) {
            return;
        }
        for (Component component : COMPONENTS.get(value.getClass())) {
            Object field;
            try {
                field = component.accessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String fieldPath = path + "." + component.name();
            if (field == null) {
                if (!component.nullable()) {
                    throw new EventDecodingException(fieldPath + ": is required");
                }
                continue;
            }
            if (field instanceof Collection<?> items) {
                if (items.size() > MAX_ITEMS) {
                    throw new EventDecodingException(fieldPath + ": must hold at most " + MAX_ITEMS + " items");
                }
                int i = 0;
                for (Object item : items) {
                    if (item == null) {
                        throw new EventDecodingException(fieldPath + "[" + i + "]: must not be null");
                    }
                    requireComplete(item, fieldPath + "[" + i + "]");
                    i++;
                }
            } else {
                requireComplete(field, fieldPath);
            }
        }
    }
}
