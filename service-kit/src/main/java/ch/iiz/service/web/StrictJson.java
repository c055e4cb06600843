package ch.iiz.service.web;

import ch.iiz.service.validation.Texts;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * One strict reading of request bodies for every service: no scalar coercion (a number is not a string, an enum or a
 * boolean, and the reverse), duplicate keys refused, {@code null} items refused, unknown fields refused, dates only
 * as ISO {@code yyyy-MM-dd} strings with a four-digit year, strings without control characters and bounded. Money
 * ({@code BigDecimal}) is the one exception: a number or an exact decimal string.
 * Writing is unchanged.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** A backstop for any string in a body; fields carry their own tighter limits. */
    public static final int MAX_STRING = 10_000;

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern ISO_MONTH = Pattern.compile("\\d{4}-\\d{2}");

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY; // after Quarkus' own customizers, so these settings win
    }

    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_INVALID_SUBTYPE);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail);
        for (LogicalType type : LogicalType.values()) {
            if (type == LogicalType.Untyped) {
                continue; // free-form JSON keeps its natural types
            }
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert
                            : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual || type == LogicalType.Enum
                            || type == LogicalType.DateTime || type == LogicalType.OtherScalar ? CoercionAction.TryConvert
                            : CoercionAction.Fail);
        }
        // Money may come as an exact decimal string ("2400.00"), as the event contract writes it, or as a number.
        mapper.coercionConfigFor(java.math.BigDecimal.class).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        SimpleModule strict = new SimpleModule("iiz-strict-input");
        strict.addDeserializer(String.class, new StrictString());
        strict.addDeserializer(LocalDate.class, new IsoDate());
        strict.addDeserializer(YearMonth.class, new IsoMonth());
        mapper.registerModule(strict);
        return mapper;
    }

    /** A JSON input that breaks one of the rules above; {@code rule} names it for the problem response. */
    public static final class StrictInputException extends MismatchedInputException {
        private final String rule;

        StrictInputException(JsonParser p, String rule, String message, Class<?> target) {
            super(p, message, target);
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }
    }

    static final class StrictString extends StdScalarDeserializer<String> {
        StrictString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new StrictInputException(p, "type", "must be a JSON string", String.class);
            }
            String value = p.getText();
            if (value.length() > MAX_STRING) {
                throw new StrictInputException(p, "max-length", "must be at most " + MAX_STRING + " characters",
                        String.class);
            }
            if (!Texts.noControlCharacters(value, true) || value.indexOf('\u0000') >= 0) {
                throw new StrictInputException(p, "no-control-characters",
                        "must not contain control characters", String.class);
            }
            return value;
        }
    }

    static final class IsoDate extends StdScalarDeserializer<LocalDate> {
        IsoDate() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
            if (text != null && ISO_DATE.matcher(text).matches()) {
                try {
                    return LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    // falls through: a day that does not exist
                }
            }
            throw new StrictInputException(p, "iso-date", "must be an existing day written yyyy-MM-dd", LocalDate.class);
        }
    }

    static final class IsoMonth extends StdScalarDeserializer<YearMonth> {
        IsoMonth() {
            super(YearMonth.class);
        }

        @Override
        public YearMonth deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
            if (text != null && ISO_MONTH.matcher(text).matches()) {
                try {
                    return YearMonth.parse(text);
                } catch (DateTimeParseException e) {
                    // falls through
                }
            }
            throw new StrictInputException(p, "iso-month", "must be a month written yyyy-MM", YearMonth.class);
        }
    }
}
