package ch.iiz.service.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict reading of request bodies, on a mapper configured as Quarkus' is, plus {@link StrictJson}. */
class StrictJsonTest {

    record Body(String name, Integer count, Boolean flag, Kind kind, LocalDate on, List<String> items, BigDecimal amountChf) {
    }

    enum Kind { A, B }

    static final ObjectMapper MAPPER = StrictJson.apply(JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(new ParameterNamesModule()).build());

    static Body read(String json) throws Exception {
        return MAPPER.readValue(json, Body.class);
    }

    @Test
    void well_formed_input_is_read() throws Exception {
        Body body = read("{\"name\":\"x\",\"count\":3,\"flag\":true,\"kind\":\"B\",\"on\":\"2026-03-01\","
                + "\"items\":[\"a\"],\"amountChf\":\"2400.50\"}");
        assertThat(body.on()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(body.amountChf()).isEqualByComparingTo("2400.50");
        assertThat(read("{\"amountChf\": 12.05}").amountChf()).isEqualByComparingTo("12.05");
    }

    @Test
    void scalars_are_not_coerced() {
        assertThatThrownBy(() -> read("{\"name\": 5}")).isInstanceOf(StrictJson.StrictInputException.class);
        assertThatThrownBy(() -> read("{\"name\": true}")).isInstanceOf(StrictJson.StrictInputException.class);
        assertThatThrownBy(() -> read("{\"count\": \"5\"}")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"count\": 5.5}")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"flag\": \"true\"}")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"flag\": 1}")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"kind\": 1}")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"items\": \"a\"}")).isInstanceOf(Exception.class);
    }

    @Test
    void dates_are_iso_days_only() {
        for (String bad : List.of("\"\"", "\"2026-11-29T10:00:00Z\"", "[2026,1,1]", "20260101", "\"+999999999-12-31\"",
                "\"2023-02-30\"", "\"26-1-1\"")) {
            assertThatThrownBy(() -> read("{\"on\": " + bad + "}")).as(bad).isInstanceOf(Exception.class);
        }
    }

    @Test
    void duplicate_keys_null_items_unknown_fields_and_control_characters_are_refused() {
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"name\":\"b\"}")).hasMessageContaining("Duplicate field");
        assertThatThrownBy(() -> read("{\"items\":[\"a\",null]}")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"other\":1}")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> read("{\"name\":\"a\\u0000b\"}")).isInstanceOf(StrictJson.StrictInputException.class);
        assertThatThrownBy(() -> read("{\"name\":\"" + "x".repeat(StrictJson.MAX_STRING + 1) + "\"}"))
                .isInstanceOf(StrictJson.StrictInputException.class);
        assertThatThrownBy(() -> read("{\"name\":\"a\"} {}")).isInstanceOf(Exception.class);
    }
}
