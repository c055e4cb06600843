package ch.iiz.reporting.kpi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The text a rebuild sends to COPY: what PostgreSQL reads back must be the value itself, whatever it contains. */
class KpiFactsCopyTextTest {

    @Test
    void array_elements_are_quoted_with_quote_and_backslash_escaped() {
        assertThat(KpiFacts.arrayLiteral(List.of())).isEqualTo("{}");
        assertThat(KpiFacts.arrayLiteral(List.of("RAV-AG-AARAU", "SD-AG-MENZIKEN")))
                .isEqualTo("{\"RAV-AG-AARAU\",\"SD-AG-MENZIKEN\"}");
        assertThat(KpiFacts.arrayLiteral(List.of("a,b", "c\"d", "e\\f", "{g}", "NULL", " ")))
                .isEqualTo("{\"a,b\",\"c\\\"d\",\"e\\\\f\",\"{g}\",\"NULL\",\" \"}");
    }

    @Test
    void copy_text_escapes_backslash_tab_and_line_ends() {
        StringBuilder b = new StringBuilder();
        KpiFacts.copyEscaped(b, "a\\b\tc\nd\re \\N");
        assertThat(b.toString()).isEqualTo("a\\\\b\\tc\\nd\\re \\\\N");
    }
}
