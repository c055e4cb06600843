package ch.iiz.events;

import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.EventDecodingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a consumer refuses to store, so that nothing it stored can break a read: such a record goes to the consumer's
 * dead-letter topic with the reason the codec names.
 */
class ConsumerLimitsTest {

    private final EventCodec codec = new EventCodec();

    private ObjectNode sample(Class<? extends IntegrationEvent> type) {
        return codec.toTree(EventSamples.envelope(EventSamples.all().get(type)));
    }

    @Test
    void the_samples_pass() {
        EventSamples.all().values().forEach(e -> assertThat(codec.decode(codec.encode(EventSamples.envelope(e))))
                .isNotNull());
    }

    @Test
    void an_oversized_id_is_refused_with_its_path() {
        ObjectNode tree = sample(ch.iiz.events.cases.MeasureProposed.class);
        ((ObjectNode) tree.get("payload")).put("measureId", "m".repeat(100_000));
        assertThatThrownBy(() -> codec.decode(tree)).isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("payload.measureId").hasMessageContaining("at most");
    }

    @Test
    void oversized_text_and_control_characters_are_refused() {
        ObjectNode tree = sample(ch.iiz.events.cases.ConsentRecorded.class);
        ((ObjectNode) tree.get("payload")).put("documentRef", "x".repeat(EventCodec.MAX_TEXT + 1));
        assertThatThrownBy(() -> codec.decode(tree)).hasMessageContaining("payload.documentRef");
        ((ObjectNode) tree.get("payload")).put("documentRef", "dms://a\u0000b");
        assertThatThrownBy(() -> codec.decode(tree)).hasMessageContaining("control characters");
    }

    @Test
    void sealed_personal_data_may_be_longer_than_clear_text_but_is_bounded_too() {
        ObjectNode tree = sample(ch.iiz.events.cases.MeasureCostRefused.class);
        ((ObjectNode) tree.get("payload")).put("reason", EventCodec.SEALED_PREFIX + "A".repeat(EventCodec.MAX_TEXT * 2));
        codec.decode(tree);
        ((ObjectNode) tree.get("payload")).put("reason", EventCodec.SEALED_PREFIX + "A".repeat(EventCodec.MAX_SEALED_TEXT));
        assertThatThrownBy(() -> codec.decode(tree)).hasMessageContaining("payload.reason");
    }

    @Test
    void dates_outside_the_window_are_refused() {
        ObjectNode tree = sample(ch.iiz.events.cases.CaseAborted.class);
        ((ObjectNode) tree.get("payload")).put("abortedOn", "+10000-01-01");
        assertThatThrownBy(() -> codec.decode(tree)).isInstanceOf(EventDecodingException.class);
        ((ObjectNode) tree.get("payload")).put("abortedOn", "1999-12-31");
        assertThatThrownBy(() -> codec.decode(tree)).hasMessageContaining("payload.abortedOn");
        ObjectNode late = sample(ch.iiz.events.cases.CaseAborted.class);
        late.put("occurredAt", "3000-01-01T00:00:00Z");
        assertThatThrownBy(() -> codec.decode(late)).hasMessageContaining("occurredAt");
    }

    @Test
    void a_malformed_case_id_is_refused() {
        ObjectNode tree = sample(ch.iiz.events.cases.CaseAborted.class);
        tree.put("caseId", "case\u0000id");
        assertThatThrownBy(() -> codec.decode(tree)).hasMessageContaining("caseId");
    }
}
