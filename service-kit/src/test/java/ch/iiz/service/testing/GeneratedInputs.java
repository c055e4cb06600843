package ch.iiz.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Malformed requests derived from a service's own OpenAPI document: for every operation, bad path and query
 * parameters, bad headers, bodies broken per schema property and as a whole, and the protocol refusals (no or
 * garbage token, wrong Accept, unknown method, huge URI, huge body). First a fixed catalogue, interleaved across the
 * operations so that every operation is reached early; then, for as long as the caller keeps asking, random
 * combinations from a seeded generator (the same seed gives the same requests).
 */
public final class GeneratedInputs {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** How a request authenticates. */
    public enum Auth { VALID, NONE, GARBAGE }

    /** A parameter of an operation ({@code in} is path, query or header). */
    public record Param(String name, String in, JsonNode schema, boolean required) {
    }

    /** One operation of the document. */
    public record Operation(String method, String path, List<Param> params, JsonNode bodySchema, String bodyMediaType,
                            boolean producesContent) {

        public String key() {
            return method + " " + path;
        }

        public boolean command() {
            return !Set.of("GET", "HEAD", "OPTIONS").contains(method);
        }
    }

    /**
     * One generated request. {@code target} is already percent-encoded as it goes on the wire; {@code expected} is
     * the status the spec demands for it, or null when any clean refusal (or a success) will do.
     */
    public record Input(Operation operation, String description, String method, String target, List<String[]> headers,
                        byte[] body, Auth auth, Integer expected) {

        public boolean command() {
            return !Set.of("GET", "HEAD", "OPTIONS").contains(method);
        }

        /**
         * Whether a header value holds a character RFC 9110 (5.5) forbids in a field value (a control character
         * other than tab). Such a request is not HTTP: the server's HTTP parser refuses it with a bare 400 before
         * any application code runs, so no problem body can be expected for it.
         */
        public boolean malformedHttp() {
            for (String[] header : headers) {
                for (char ch : header[1].toCharArray()) {
                    if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** A bad value for a path or query parameter: what it is, and how it goes on the wire. */
    record UrlValue(String label, String raw) {
    }

    static final String KB100 = "a".repeat(100_000);

    static final List<UrlValue> BAD_URL_VALUES = List.of(
            new UrlValue("NUL %00", "%00"),
            new UrlValue("control chars %01%07%1B%7F", "%01%07%1B%7F"),
            new UrlValue("newline %0D%0A", "x%0D%0Ay"),
            new UrlValue("100 KB string", KB100),
            new UrlValue("-1", "-1"),
            new UrlValue("2147483647", "2147483647"),
            new UrlValue("99999999999999999999", "99999999999999999999"),
            new UrlValue("abc", "abc"),
            new UrlValue("+999999999-12-31", "%2B999999999-12-31"),
            new UrlValue("-1000000000-01-01T00:00:00Z", "-1000000000-01-01T00%3A00%3A00Z"),
            new UrlValue("2023-02-30", "2023-02-30"),
            new UrlValue("0000-01-01", "0000-01-01"),
            new UrlValue("empty", ""),
            new UrlValue("-0001-01", "-0001-01"),
            new UrlValue("invalid UTF-8 %FF%C0%AF", "%FF%C0%AF"));

    private static final List<String> URL_PIECES = List.of("%00", "%0A", "%FF", "%C0%AF", "%E2%80%AE", "%F0%9F%98%80",
            "..", "%2F", "%25", "'", "%22", "%20", "-", "0", "9", "99999999999", "a", "%2B", "%3A", "T", "Z", "%5C", "%7B%7D");
    private static final List<String> STRING_PIECES = List.of("\u0000", "\u0001", "\u001b", "\u007f", "\u202e", "\uD83D\uDE00",
            "'", "\"", "\\", "<script>", "${jndi:x}", "../", "%00", " ", "\uFFFF", "2026-13-45", "-", "0", "x", "\t");
    private static final List<String> RAW_NUMBERS = List.of("-0", "0", "-1", "1e309", "-1e309", "-9223372036854775809",
            "9223372036854775807", "1.0000000000000000001", "0.1e-400", "2147483648", "-2147483649", "1E+2");

    private final JsonNode document;
    private final Map<String, String> known;
    private final Random random;
    private final LocalDate today = LocalDate.now();
    private int catalogueSize;

    public GeneratedInputs(String openApiJson, Map<String, String> knownValues, long seed) {
        try {
            this.document = JSON.readTree(openApiJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.known = knownValues;
        this.random = new Random(seed);
    }

    // ---------------------------------------------------------------------------------------------------- document

    /** Every path and method of the document. */
    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            JsonNode item = path.getValue();
            List<JsonNode> common = new ArrayList<>();
            item.path("parameters").forEach(common::add);
            item.fields().forEachRemaining(entry -> {
                if (!METHODS.contains(entry.getKey())) {
                    return;
                }
                JsonNode op = entry.getValue();
                Map<String, Param> params = new LinkedHashMap<>();
                List<JsonNode> all = new ArrayList<>(common);
                op.path("parameters").forEach(all::add);
                for (JsonNode p : all) {
                    JsonNode resolved = resolve(p);
                    String in = resolved.path("in").asText();
                    params.put(in + ":" + resolved.path("name").asText(), new Param(resolved.path("name").asText(), in,
                            resolve(resolved.path("schema")), resolved.path("required").asBoolean(false)));
                }
                JsonNode bodySchema = null;
                String mediaType = null;
                JsonNode content = resolve(op.path("requestBody")).path("content");
                if (content.isObject() && content.size() > 0) {
                    Iterator<String> names = content.fieldNames();
                    mediaType = content.has("application/json") ? "application/json" : names.next();
                    bodySchema = resolve(content.path(mediaType).path("schema"));
                }
                boolean produces = false;
                for (JsonNode response : op.path("responses")) {
                    JsonNode c = resolve(response).path("content");
                    produces |= c.isObject() && c.size() > 0;
                }
                operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        List.copyOf(params.values()), bodySchema, mediaType, produces));
            });
        });
        return operations;
    }

    JsonNode resolve(JsonNode node) {
        int guard = 0;
        while (node != null && node.has("$ref") && guard++ < 20) {
            String ref = node.get("$ref").asText();
            JsonNode target = document;
            for (String part : ref.replaceFirst("^#/", "").split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            node = target;
        }
        if (node != null && node.has("allOf") && !node.has("properties")) {
            ObjectNode merged = NODES.objectNode();
            ObjectNode properties = NODES.objectNode();
            for (JsonNode part : node.get("allOf")) {
                JsonNode r = resolve(part);
                r.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("properties")) {
                        merged.set(f.getKey(), f.getValue());
                    }
                });
                r.path("properties").fields().forEachRemaining(f -> properties.set(f.getKey(), f.getValue()));
            }
            node.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("allOf")) {
                    merged.set(f.getKey(), f.getValue());
                }
            });
            if (properties.size() > 0) {
                merged.set("properties", properties);
            }
            return merged;
        }
        for (String alternative : List.of("oneOf", "anyOf")) {
            if (node != null && node.has(alternative) && !node.has("type")) {
                for (JsonNode part : node.get(alternative)) {
                    JsonNode r = resolve(part);
                    if (!"null".equals(type(r))) {
                        return r;
                    }
                }
            }
        }
        return node == null ? NODES.missingNode() : node;
    }

    String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            return type.asText();
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        if (schema.has("enum")) {
            return "string";
        }
        return null;
    }

    private String format(JsonNode schema) {
        return schema.path("format").asText("");
    }

    // ---------------------------------------------------------------------------------------------------- baseline

    /** A plausible value for a schema: known values by name first, then examples, enums, formats, types. */
    JsonNode baseline(JsonNode schema, String name, int depth) {
        schema = resolve(schema);
        if (name != null && known.containsKey(name)) {
            return NODES.textNode(known.get(name));
        }
        if (schema.hasNonNull("example")) {
            return schema.get("example");
        }
        if (schema.path("examples").isArray() && schema.get("examples").size() > 0
                && !schema.get("examples").get(0).isNull()) {
            return schema.get("examples").get(0);
        }
        if (schema.path("enum").isArray() && schema.get("enum").size() > 0) {
            return schema.get("enum").get(0);
        }
        String type = type(schema);
        if (type == null) {
            return NODES.textNode("x");
        }
        switch (type) {
            case "integer":
                return NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            case "number":
                return NODES.numberNode(1);
            case "boolean":
                return NODES.booleanNode(false);
            case "array": {
                ArrayNode array = NODES.arrayNode();
                if (depth < 6) {
                    array.add(baseline(schema.path("items"), singular(name), depth + 1));
                }
                return array;
            }
            case "object": {
                ObjectNode object = NODES.objectNode();
                if (depth < 6) {
                    schema.path("properties").fields().forEachRemaining(p ->
                            object.set(p.getKey(), baseline(p.getValue(), p.getKey(), depth + 1)));
                }
                return object;
            }
            default:
                return switch (format(schema)) {
                    case "date" -> NODES.textNode(today.toString());
                    case "date-time" -> NODES.textNode(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                    case "uuid" -> NODES.textNode(UUID.randomUUID().toString());
                    default -> NODES.textNode("x");
                };
        }
    }

    private static String singular(String name) {
        if (name == null) {
            return null;
        }
        return name.endsWith("Ids") ? name.substring(0, name.length() - 1) : name.endsWith("s")
                ? name.substring(0, name.length() - 1) : name;
    }

    private String baselineParam(Param p) {
        JsonNode value = baseline(p.schema(), p.name(), 0);
        return urlEncode(value.isTextual() ? value.asText() : value.toString());
    }

    static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---------------------------------------------------------------------------------------------------- catalogue

    /** A property somewhere in a body: its location, name and schema. */
    record Property(List<Object> path, String name, JsonNode schema) {

        String label() {
            StringBuilder b = new StringBuilder();
            for (Object step : path) {
                if (step instanceof Integer i) {
                    b.append('[').append(i).append(']');
                } else {
                    b.append(b.isEmpty() ? "" : ".").append(step);
                }
            }
            return b.toString();
        }
    }

    /** A replacement for a body property, as JSON text (so that numbers beyond any Java type can be written). */
    record BodyValue(String label, String json) {
    }

    private final class Builder {
        final Operation op;
        final Map<String, String> path = new LinkedHashMap<>();
        final Map<String, String> query = new LinkedHashMap<>();
        final List<String[]> headers = new ArrayList<>();
        byte[] body;
        Auth auth = Auth.VALID;
        Integer expected;
        String method;
        String accept = "*/*";
        String contentType;
        String suffix = "";

        Builder(Operation op) {
            this.op = op;
            this.method = op.method();
            for (Param p : op.params()) {
                if (p.in().equals("path")) {
                    path.put(p.name(), baselineParam(p));
                } else if (p.in().equals("query") && p.required()) {
                    query.put(p.name(), baselineParam(p));
                }
            }
            if (op.bodySchema() != null) {
                body = baselineBody(op).toString().getBytes(StandardCharsets.UTF_8);
                contentType = op.bodyMediaType();
            } else if (op.command()) {
                body = new byte[0];
            }
        }

        Input build(String description) {
            String target = op.path();
            for (Map.Entry<String, String> e : path.entrySet()) {
                target = target.replace("{" + e.getKey() + "}", e.getValue());
            }
            StringBuilder q = new StringBuilder();
            query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(v));
            List<String[]> all = new ArrayList<>();
            if (accept != null) {
                all.add(new String[]{"Accept", accept});
            }
            if (contentType != null) {
                all.add(new String[]{"Content-Type", contentType});
            }
            all.addAll(headers);
            return new Input(op, description, method, target + q + suffix, all, body, auth, expected);
        }
    }

    JsonNode baselineBody(Operation op) {
        return baseline(op.bodySchema(), null, 0);
    }

    /** The fixed catalogue for one operation; the protocol refusals first. */
    List<Input> catalogue(Operation op, boolean firstOfPath, Set<String> declaredMethodsOfPath) {
        List<Input> protocol = new ArrayList<>();
        List<Input> rest = new ArrayList<>();

        Builder b = new Builder(op);
        b.auth = Auth.NONE;
        b.expected = 401;
        protocol.add(b.build("no token"));
        b = new Builder(op);
        b.auth = Auth.GARBAGE;
        b.expected = 401;
        protocol.add(b.build("garbage token"));
        if (op.producesContent()) {
            b = new Builder(op);
            b.accept = "application/xml";
            b.expected = 406;
            protocol.add(b.build("header Accept: application/xml"));
        }
        b = new Builder(op);
        b.suffix = (b.query.isEmpty() ? "?" : "&") + "pad=" + "a".repeat(9_000);
        b.expected = 414;
        protocol.add(b.build("URI of 9 KB"));
        if (op.command()) {
            b = new Builder(op);
            b.body = ("{\"pad\":\"" + "a".repeat(2_200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            b.contentType = "application/json";
            b.expected = 413;
            protocol.add(b.build("body of 2.2 MB"));
        }
        if (firstOfPath) {
            for (String m : List.of("PATCH", "PUT", "DELETE", "POST", "GET")) {
                if (!declaredMethodsOfPath.contains(m)) {
                    b = new Builder(op);
                    b.method = m;
                    b.expected = 405;
                    protocol.add(b.build("undeclared method " + m));
                    break;
                }
            }
            b = new Builder(op);
            b.method = "BREW";
            b.expected = 405;
            protocol.add(b.build("unknown method BREW"));
        }

        for (Param p : op.params()) {
            switch (p.in()) {
                case "path", "query" -> {
                    for (UrlValue v : BAD_URL_VALUES) {
                        b = new Builder(op);
                        (p.in().equals("path") ? b.path : b.query).put(p.name(), v.raw());
                        rest.add(b.build(p.in() + " " + p.name() + " = " + v.label()));
                    }
                    if (p.in().equals("query")) {
                        b = new Builder(op);
                        b.query.put(p.name(), "1");
                        b.suffix = "&" + p.name() + "=2";
                        rest.add(b.build("query " + p.name() + " twice"));
                    }
                }
                case "header" -> {
                    for (String[] v : badHeaderValues(p.name())) {
                        b = new Builder(op);
                        b.headers.add(new String[]{p.name(), v[1]});
                        rest.add(b.build("header " + p.name() + " = " + v[0]));
                    }
                }
                default -> {
                }
            }
        }

        if (op.bodySchema() != null) {
            JsonNode base = baselineBody(op);
            String baseText = base.toString();
            rest.add(withBody(op, "body not JSON", "{\"oops\": ", "application/json"));
            rest.add(withBody(op, "body plain text", "not json at all", "application/json"));
            rest.add(withBody(op, "empty body", "", "application/json"));
            rest.add(withBody(op, "body null", "null", "application/json"));
            rest.add(withBody(op, "body is an array", "[" + baseText + "]", "application/json"));
            rest.add(withBody(op, "body is a string", "\"x\"", "application/json"));
            rest.add(withBody(op, "Content-Type text/plain", baseText, "text/plain"));
            rest.add(withBody(op, "Content-Type application/xml", "<case/>", "application/xml"));
            rest.add(withBody(op, "no Content-Type", baseText, null));
            rest.add(withBody(op, "invalid UTF-8 in body", null, "application/json"));
            if (base.isObject()) {
                ObjectNode unknown = base.deepCopy();
                unknown.put("unknownField", "x");
                rest.add(withBody(op, "unknown field unknownField", unknown.toString(), "application/json"));
                Iterator<String> names = base.fieldNames();
                int duplicates = 0;
                while (names.hasNext() && duplicates++ < 4) {
                    String name = names.next();
                    JsonNode other = alternative(base.get(name));
                    String text = "{\"" + name + "\":" + other + "," + baseText.substring(1);
                    rest.add(withBody(op, "duplicated key " + name, text, "application/json"));
                }
            }
            for (Property property : properties(op.bodySchema())) {
                for (BodyValue v : badBodyValues(property.schema())) {
                    rest.add(withBody(op, "body " + property.label() + " = " + v.label(),
                            replace(base, property.path(), v.json()), "application/json"));
                }
            }
        }
        List<Input> all = new ArrayList<>(protocol);
        Collections.shuffle(rest, random);
        all.addAll(rest);
        return all;
    }

    private Input withBody(Operation op, String description, String text, String contentType) {
        Builder b = new Builder(op);
        b.body = text == null ? new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '1', '}'}
                : text.getBytes(StandardCharsets.UTF_8);
        b.contentType = contentType;
        return b.build(description);
    }

    private static JsonNode alternative(JsonNode value) {
        if (value.isTextual()) {
            return NODES.textNode(value.asText() + "-other");
        }
        if (value.isNumber()) {
            return NODES.numberNode(value.asLong() + 1);
        }
        if (value.isBoolean()) {
            return NODES.booleanNode(!value.asBoolean());
        }
        return NODES.nullNode();
    }

    static List<String[]> badHeaderValues(String name) {
        List<String[]> values = new ArrayList<>();
        if (name.equalsIgnoreCase("If-Match")) {
            values.add(new String[]{"abc", "abc"});
            values.add(new String[]{"\"-1\"", "\"-1\""});
            values.add(new String[]{"\"99999999999999999999\"", "\"99999999999999999999\""});
            values.add(new String[]{"100 KB", "\"" + KB100 + "\""});
            values.add(new String[]{"control chars", "\"\u0001\u0007\""});
        } else if (name.equalsIgnoreCase("Idempotency-Key")) {
            values.add(new String[]{"empty", ""});
            values.add(new String[]{"1000 chars", "k".repeat(1000)});
            values.add(new String[]{"control chars", "key\u0001\u0007\u001b\u007f"});
            values.add(new String[]{"NUL", "key\u0000x"});
        } else {
            values.add(new String[]{"empty", ""});
            values.add(new String[]{"1000 chars", "k".repeat(1000)});
            values.add(new String[]{"control chars", "v\u0001\u0007"});
        }
        return values;
    }

    /** Every property of a body schema, nested objects and the first item of arrays included (to depth 4). */
    List<Property> properties(JsonNode schema) {
        List<Property> out = new ArrayList<>();
        collect(resolve(schema), new ArrayList<>(), out, 0);
        return out;
    }

    private void collect(JsonNode schema, List<Object> prefix, List<Property> out, int depth) {
        if (depth > 4) {
            return;
        }
        String type = type(schema);
        if ("object".equals(type)) {
            schema.path("properties").fields().forEachRemaining(p -> {
                List<Object> path = new ArrayList<>(prefix);
                path.add(p.getKey());
                JsonNode child = resolve(p.getValue());
                out.add(new Property(path, p.getKey(), child));
                collect(child, path, out, depth + 1);
            });
        } else if ("array".equals(type)) {
            List<Object> path = new ArrayList<>(prefix);
            path.add(0);
            JsonNode items = resolve(schema.path("items"));
            if ("object".equals(type(items)) || "array".equals(type(items))) {
                collect(items, path, out, depth + 1);
            } else if (!prefix.isEmpty()) {
                out.add(new Property(path, String.valueOf(prefix.get(prefix.size() - 1)), items));
            }
        }
    }

    /** Wrong scalar types, nulls, huge and control-character strings, impossible dates, huge arrays. */
    List<BodyValue> badBodyValues(JsonNode schema) {
        List<BodyValue> values = new ArrayList<>();
        values.add(new BodyValue("null", "null"));
        String type = type(schema);
        String format = format(schema);
        boolean isEnum = schema.path("enum").isArray();
        if (type == null) {
            type = "string";
        }
        switch (type) {
            case "string" -> {
                if (format.equals("date")) {
                    values.add(new BodyValue("[2026,1,1]", "[2026,1,1]"));
                    values.add(new BodyValue("20260101", "20260101"));
                    values.add(new BodyValue("\"\"", "\"\""));
                    values.add(new BodyValue("\"2026-11-29T10:00:00Z\"", "\"2026-11-29T10:00:00Z\""));
                    values.add(new BodyValue("+999999999-12-31", "\"+999999999-12-31\""));
                    values.add(new BodyValue("9999-12-31", "\"9999-12-31\""));
                    values.add(new BodyValue("1900-01-01", "\"1900-01-01\""));
                    values.add(new BodyValue("2023-02-30", "\"2023-02-30\""));
                    values.add(new BodyValue("-1000000000-01-01", "\"-1000000000-01-01\""));
                    values.add(new BodyValue("far-future fact date " + today.plusYears(5),
                            "\"" + today.plusYears(5) + "\""));
                } else if (format.equals("date-time")) {
                    values.add(new BodyValue("20260101", "20260101"));
                    values.add(new BodyValue("\"\"", "\"\""));
                    values.add(new BodyValue("2023-02-30T00:00:00Z", "\"2023-02-30T00:00:00Z\""));
                    values.add(new BodyValue("-1000000000-01-01T00:00:00Z", "\"-1000000000-01-01T00:00:00Z\""));
                    values.add(new BodyValue("+999999999-12-31T23:59:59Z", "\"+999999999-12-31T23:59:59Z\""));
                } else if (isEnum) {
                    values.add(new BodyValue("7 (number for enum)", "7"));
                    values.add(new BodyValue("\"NOT_A_VALUE\"", "\"NOT_A_VALUE\""));
                    values.add(new BodyValue("\"\"", "\"\""));
                } else {
                    values.add(new BodyValue("12345 (number for string)", "12345"));
                    values.add(new BodyValue("true (boolean for string)", "true"));
                    values.add(new BodyValue("\"\"", "\"\""));
                    values.add(new BodyValue("100 KB string", "\"" + KB100 + "\""));
                    values.add(new BodyValue("control chars", "\"a\\u0001\\u0007\\u001b\\u007fb\""));
                    values.add(new BodyValue("NUL", "\"a\\u0000b\""));
                    values.add(new BodyValue("{} (object for string)", "{}"));
                }
            }
            case "integer", "number" -> {
                values.add(new BodyValue("\"abc\" (string for number)", "\"abc\""));
                values.add(new BodyValue("-1", "-1"));
                values.add(new BodyValue("2147483647", "2147483647"));
                values.add(new BodyValue("99999999999999999999", "99999999999999999999"));
                values.add(new BodyValue("1e400", "1e400"));
                values.add(new BodyValue("1.5", "1.5"));
                values.add(new BodyValue("-0.001", "-0.001"));
            }
            case "boolean" -> {
                values.add(new BodyValue("\"abc\" (string for boolean)", "\"abc\""));
                values.add(new BodyValue("1 (number for boolean)", "1"));
            }
            case "array" -> {
                values.add(new BodyValue("[null]", "[null]"));
                values.add(new BodyValue("[]", "[]"));
                values.add(new BodyValue("\"abc\" (string for array)", "\"abc\""));
                JsonNode item = baseline(schema.path("items"), null, 1);
                StringBuilder many = new StringBuilder("[");
                for (int i = 0; i < 10_000; i++) {
                    many.append(i == 0 ? "" : ",").append(item);
                }
                values.add(new BodyValue("10,000 items", many.append(']').toString()));
            }
            case "object" -> {
                values.add(new BodyValue("\"abc\" (string for object)", "\"abc\""));
                values.add(new BodyValue("[] (array for object)", "[]"));
                values.add(new BodyValue("{\"unknownField\":1}", "{\"unknownField\":1}"));
            }
            default -> {
            }
        }
        return values;
    }

    /** The body text with the value at {@code path} replaced by {@code json} (written as text, never parsed). */
    static String replace(JsonNode base, List<Object> path, String json) {
        String marker = "\"__GENERATED_" + UUID.randomUUID() + "__\"";
        JsonNode copy = base.deepCopy();
        JsonNode parent = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            JsonNode next = step instanceof Integer index ? parent.path(index) : parent.path((String) step);
            if (next.isMissingNode() || next.isNull()) {
                return copy.toString(); // the baseline did not reach that deep
            }
            parent = next;
        }
        Object last = path.get(path.size() - 1);
        JsonNode markerNode = NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(marker));
        if (last instanceof Integer index && parent instanceof ArrayNode array) {
            if (array.isEmpty()) {
                array.add(markerNode);
            } else {
                array.set(index, markerNode);
            }
        } else if (parent instanceof ObjectNode object) {
            object.set((String) last, markerNode);
        }
        return copy.toString().replace(marker, json);
    }

    // ---------------------------------------------------------------------------------------------------- stream

    /**
     * The catalogue of all operations interleaved round robin (so that every operation is reached within the first
     * requests), followed by an endless stream of random combinations.
     */
    public Iterator<Input> inputs(List<Operation> operations) {
        Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
        for (Operation op : operations) {
            methodsByPath.computeIfAbsent(op.path(), p -> new java.util.HashSet<>()).add(op.method());
        }
        java.util.Set<String> pathsSeen = new java.util.HashSet<>();
        List<Deque<Input>> queues = new ArrayList<>();
        for (Operation op : operations) {
            queues.add(new ArrayDeque<>(catalogue(op, pathsSeen.add(op.path()), methodsByPath.get(op.path()))));
            catalogueSize += queues.get(queues.size() - 1).size();
        }
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return !operations.isEmpty();
            }

            @Override
            public Input next() {
                if (operations.isEmpty()) {
                    throw new NoSuchElementException();
                }
                for (int tried = 0; tried < queues.size(); tried++) {
                    Deque<Input> queue = queues.get(next);
                    next = (next + 1) % queues.size();
                    if (!queue.isEmpty()) {
                        return queue.poll();
                    }
                }
                List<Operation> variable = operations.stream()
                        .filter(o -> !o.params().isEmpty() || o.bodySchema() != null).toList();
                List<Operation> pool = variable.isEmpty() ? operations : variable;
                return randomInput(pool.get(random.nextInt(pool.size())));
            }
        };
    }

    /** How many fixed inputs {@link #inputs} holds before the random ones. */
    public int catalogueSize() {
        return catalogueSize;
    }

    /** A random mix: one to three parameters or body properties, each with a random hostile value. */
    Input randomInput(Operation op) {
        Builder b = new Builder(op);
        List<String> parts = new ArrayList<>();
        List<Param> params = op.params();
        List<Property> properties = op.bodySchema() == null ? List.of() : properties(op.bodySchema());
        JsonNode body = op.bodySchema() == null ? null : baselineBody(op);
        String bodyText = body == null ? null : body.toString();
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            boolean onBody = !properties.isEmpty() && (params.isEmpty() || random.nextBoolean());
            if (onBody) {
                Property property = properties.get(random.nextInt(properties.size()));
                String value = randomJsonValue(property.schema());
                try {
                    bodyText = replace(JSON.readTree(bodyText), property.path(), value);
                } catch (IOException e) {
                    break; // an earlier change made the body unparseable on purpose; keep it
                }
                parts.add("body " + property.label() + " = " + excerpt(value));
            } else if (!params.isEmpty()) {
                Param p = params.get(random.nextInt(params.size()));
                if (p.in().equals("header")) {
                    List<String[]> values = badHeaderValues(p.name());
                    String[] v = values.get(random.nextInt(values.size()));
                    b.headers.add(new String[]{p.name(), v[1]});
                    parts.add("header " + p.name() + " = " + v[0]);
                } else if (p.in().equals("path") || p.in().equals("query")) {
                    String raw = randomUrlValue();
                    (p.in().equals("path") ? b.path : b.query).put(p.name(), raw);
                    parts.add(p.in() + " " + p.name() + " = " + excerpt(raw));
                }
            }
        }
        if (bodyText != null) {
            b.body = bodyText.getBytes(StandardCharsets.UTF_8);
        }
        return b.build("random: " + (parts.isEmpty() ? "baseline request" : String.join("; ", parts)));
    }

    private String randomUrlValue() {
        if (random.nextInt(8) == 0) {
            return BAD_URL_VALUES.get(random.nextInt(BAD_URL_VALUES.size())).raw();
        }
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            s.append(URL_PIECES.get(random.nextInt(URL_PIECES.size())));
        }
        return s.toString();
    }

    private String randomJsonValue(JsonNode schema) {
        switch (random.nextInt(5)) {
            case 0 -> {
                List<BodyValue> values = badBodyValues(schema);
                return values.get(random.nextInt(values.size())).json();
            }
            case 1 -> {
                return RAW_NUMBERS.get(random.nextInt(RAW_NUMBERS.size()));
            }
            case 2 -> {
                LocalDate d = LocalDate.of(random.nextInt(3000) - 500, 1 + random.nextInt(12), 1)
                        .plusDays(random.nextInt(31));
                return "\"" + d + "\"";
            }
            default -> {
                StringBuilder s = new StringBuilder();
                int n = 1 + random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    s.append(STRING_PIECES.get(random.nextInt(STRING_PIECES.size())));
                }
                try {
                    return JSON.writeValueAsString(s.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Short, printable form of a value or body for the report. */
    static String excerpt(String text) {
        return excerpt(text, 120);
    }

    static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        String shown = text.length() > max ? text.substring(0, max * 2 / 3) + "…(" + text.length() + " chars)" : text;
        StringBuilder b = new StringBuilder();
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
