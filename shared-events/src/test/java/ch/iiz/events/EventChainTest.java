package ch.iiz.events;

import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.integrity.EventChain;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical form is the same from the envelope, from its JSON and from a copy with keys in another order. */
class EventChainTest {

    @Test
    void canonical_form_does_not_depend_on_key_order_or_whitespace() {
        EventCodec codec = new EventCodec();
        for (IntegrationEvent sample : EventSamples.all().values()) {
            EventEnvelope<?> envelope = EventSamples.envelope(sample);
            byte[] fromEnvelope = EventChain.canonical(envelope);
            String json = codec.encode(envelope);
            assertThat(EventChain.canonical(json)).isEqualTo(fromEnvelope);
            // decoded and encoded again (as a consumer stores it): the same bytes
            assertThat(EventChain.canonical(codec.encode(codec.decode(json)))).isEqualTo(fromEnvelope);
            String canonical = new String(fromEnvelope, StandardCharsets.UTF_8);
            assertThat(canonical).doesNotContain("\n").startsWith("{\"actor\":");
        }
        assertThat(EventChain.canonical("{ \"b\": 1, \"a\": {\"d\": [2, {\"z\": 1, \"y\": \"x\"}], \"c\": \"1.10\"} }"))
                .isEqualTo("{\"a\":{\"c\":\"1.10\",\"d\":[2,{\"y\":\"x\",\"z\":1}]},\"b\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void each_link_covers_the_previous_hash_and_an_anchor_the_sorted_heads() {
        byte[] c = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] h0 = EventChain.link(EventChain.GENESIS, c);
        byte[] h1 = EventChain.link(h0, c);
        assertThat(h0).hasSize(32).isNotEqualTo(h1);
        assertThat(EventChain.hex(EventChain.unhex(EventChain.hex(h1)))).isEqualTo(EventChain.hex(h1));
        // SHA-256 of 32 zero bytes followed by "{}"
        assertThat(EventChain.hex(h0)).isEqualTo(sha256Hex(new byte[32], c));
        assertThat(EventChain.anchor(List.of(new EventChain.Head("b", h1), new EventChain.Head("a", h0))))
                .isEqualTo(EventChain.anchor(List.of(new EventChain.Head("a", h0), new EventChain.Head("b", h1))));
    }

    private static String sha256Hex(byte[] a, byte[] b) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(a);
            sha.update(b);
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
