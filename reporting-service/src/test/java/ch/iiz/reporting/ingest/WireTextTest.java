package ch.iiz.reporting.ingest;

import org.junit.jupiter.api.Test;

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
}
