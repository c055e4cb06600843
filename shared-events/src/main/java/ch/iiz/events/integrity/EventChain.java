package ch.iiz.events.integrity;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.codec.EventCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Tamper evidence for a stream of events (ARCHITECTURE.md "Tamper evidence"): each event's hash covers its canonical
 * envelope and the previous event's hash of the same aggregate, {@code h_n = SHA-256(h_{n-1} || canonical(envelope_n))}
 * with {@code h_-1} = 32 zero bytes.
 *
 * <p>The canonical envelope is the JSON the codec writes ({@link EventCodec#toTree}), with the keys of every object
 * sorted and no whitespace, in UTF-8. The codec's own field order is already fixed, but a payload map (e.g.
 * {@code inputPositions}) is not, and a consumer that stored the record as {@code jsonb} gets its keys back in another
 * order; sorting makes the form the same wherever it is computed, from the envelope at the source or from the record
 * as it arrived. Money is a string in the contract, so no number is reformatted.
 */
public final class EventChain {

    /** {@code h_-1}: the "previous hash" of an aggregate's first event. */
    public static final byte[] GENESIS = new byte[32];

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final EventCodec CODEC = new EventCodec();
    private static final HexFormat HEX = HexFormat.of();

    private EventChain() {
    }

    /** The canonical form of an envelope as the codec writes it. */
    public static byte[] canonical(EventEnvelope<?> envelope) {
        return canonical(CODEC.toTree(envelope));
    }

    /** The canonical form of an envelope's JSON (as sent, or as stored). */
    public static byte[] canonical(String envelopeJson) {
        try {
            return canonical(MAPPER.readTree(envelopeJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    public static byte[] canonical(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(sorted(tree)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code SHA-256(previous || canonical)}. */
    public static byte[] link(byte[] previous, byte[] canonical) {
        if (previous.length != 32) {
            throw new IllegalArgumentException("a previous hash has 32 bytes");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            sha.update(canonical);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An anchor: SHA-256 over the heads of all aggregates, each as its id (UTF-8), a zero byte and its head hash,
     * in the order of the ids ({@code heads} need not be sorted).
     */
    public static byte[] anchor(List<Head> heads) {
        List<Head> ordered = new ArrayList<>(heads);
        ordered.sort((a, b) -> a.aggregateId().compareTo(b.aggregateId()));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Head h : ordered) {
                sha.update(h.aggregateId().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(h.hash());
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The latest hash of one aggregate's chain. */
    public record Head(String aggregateId, byte[] hash) {
    }

    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(String::compareTo);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return node;
    }
}
