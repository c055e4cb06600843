package ch.iiz.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated malformed input against a running service, derived from its own OpenAPI document: every operation gets
 * bad parameters, headers and bodies with a valid token of an institution that takes part in a real case, plus the
 * protocol refusals. Every answer must be a clean refusal or a success: never a 5xx; every 4xx an
 * {@code application/problem+json} whose {@code status} is the HTTP status (a 400 also names the {@code field} and
 * {@code rule}); no Java class names or stack traces in any body; and a refused command writes nothing (checked with
 * the service's state probe). Bounded by a request cap and a wall-clock cap; all failures are collected and reported
 * once, grouped by cause.
 *
 * <p>Each service's test extends it under {@code @QuarkusTest}. System properties
 * {@code generated-input.max-requests}, {@code generated-input.seconds} and {@code generated-input.seed} override
 * the bounds and the seed.
 */
public abstract class GeneratedInputTest {

    static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(java|javax|jakarta|com\\.fasterxml|org\\.[a-z]+|io\\.[a-z]+|ch\\.iiz)\\.[a-zA-Z_.$]+|Exception| at [a-z]+\\.");

    static final String FIVE_XX = "5xx answer";
    static final String NO_ANSWER = "no HTTP answer (connection closed)";
    static final String NOT_PROBLEM = "4xx not application/problem+json";
    static final String PROBLEM_BODY = "4xx problem body not JSON or status field != HTTP status";
    static final String NO_FIELD_RULE = "400 without non-empty field and rule";
    static final String CLASS_NAMES = "Java class name / exception text in body";
    static final String WRONG_STATUS = "unexpected status";
    static final String WRITTEN = "written after refusal (state probe changed)";
    static final String UNCOVERED = "operation not covered within the bounds";

    /** One failed check. */
    public record Failure(String cause, String operation, String input, int status, String excerpt) {
    }

    /** The service's name, for the summary line. */
    protected abstract String serviceName();

    /** A valid token of an institution that takes part in the case of {@link #knownValues()}. */
    protected abstract String token();

    /** The token for one operation; by default {@link #token()}. */
    protected String token(String method, String pathTemplate) {
        return token();
    }

    /**
     * Values that exist, by parameter or property name (e.g. {@code caseId} of a real case, the institution ids
     * in the case's consent): the generator uses them for everything it does not break on purpose.
     */
    protected abstract Map<String, String> knownValues();

    /** Seeds what the test needs (a real case); called once before the requests. */
    protected void prepare() throws Exception {
    }

    /**
     * A fingerprint of the case's state (version, ETag, event count) read through the API, or null if the service
     * has no such probe. After every refused command it must be unchanged.
     */
    protected String stateFingerprint() {
        return null;
    }

    protected int maxRequests() {
        return Integer.getInteger("generated-input.max-requests", 3000);
    }

    protected Duration wallClock() {
        return Duration.ofSeconds(Long.getLong("generated-input.seconds", 90));
    }

    protected long seed() {
        return Long.getLong("generated-input.seed", 20260301L);
    }

    @Test
    void malformed_input_is_refused_cleanly_on_every_operation() throws Exception {
        prepare();
        int port = RestAssured.port;
        String openApi = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        GeneratedInputs generator = new GeneratedInputs(openApi, knownValues(), seed());
        List<GeneratedInputs.Operation> operations = generator.operations();
        assertThat(operations).as("operations in the OpenAPI document").isNotEmpty();

        List<Failure> failures = new ArrayList<>();
        Set<String> covered = new LinkedHashSet<>();
        int requests = 0;
        int fiveXx = 0;
        int nonProblem = 0;
        int written = 0;
        String state = stateFingerprint();
        long started = System.nanoTime();
        long deadline = started + wallClock().toNanos();
        Iterator<GeneratedInputs.Input> inputs = generator.inputs(operations);
        while (inputs.hasNext() && requests < maxRequests() && System.nanoTime() < deadline) {
            GeneratedInputs.Input input = inputs.next();
            List<String[]> headers = new ArrayList<>(input.headers());
            switch (input.auth()) {
                case VALID -> headers.add(new String[]{"Authorization", "Bearer "
                        + token(input.operation().method(), input.operation().path())});
                case GARBAGE -> headers.add(new String[]{"Authorization", "Bearer not-a-jwt.garbage.%00"});
                case NONE -> {
                }
            }
            RawHttp.Answer answer = RawHttp.send(port, input.method(), input.target(), headers, input.body());
            requests++;
            covered.add(input.operation().key());
            String operation = input.operation().key() + (input.method().equals(input.operation().method())
                    ? "" : " (sent as " + input.method() + ")");
            List<Failure> found = check(input, answer, operation);
            if (found.stream().anyMatch(f -> f.cause().equals(FIVE_XX))) {
                fiveXx++;
            }
            if (found.stream().anyMatch(f -> Set.of(NOT_PROBLEM, PROBLEM_BODY, NO_FIELD_RULE).contains(f.cause()))) {
                nonProblem++;
            }
            failures.addAll(found);

            if (state != null && input.command()) {
                String after = stateFingerprint();
                if (answer.status() >= 400 || answer.status() < 0) {
                    if (!after.equals(state)) {
                        written++;
                        failures.add(new Failure(WRITTEN, operation, GeneratedInputs.excerpt(input.description()),
                                answer.status(), "state " + state + " -> " + after + "; "
                                + GeneratedInputs.excerpt(answer.text(), 300)));
                    }
                }
                state = after;
            }
        }
        for (GeneratedInputs.Operation op : operations) {
            if (!covered.contains(op.key())) {
                failures.add(new Failure(UNCOVERED, op.key(), "-", 0, "raise the bounds"));
            }
        }

        String summary = String.format(Locale.ROOT,
                "generated-input %s: %d requests, %d operations, 5xx=%d, non-problem 4xx=%d, written-after-refusal=%d",
                serviceName(), requests, covered.size(), fiveXx, nonProblem, written);
        System.out.println(summary);
        System.out.printf(Locale.ROOT, "  (fixed catalogue of %d inputs, then random ones; seed %d; %d s)%n",
                generator.catalogueSize(), seed(), (System.nanoTime() - started) / 1_000_000_000L);
        String report = report(summary, failures);
        try {
            Path file = Path.of("target", "generated-input-" + serviceName() + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report(summary, failures, Integer.MAX_VALUE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("could not write the report file: " + e.getMessage());
        }
        if (!failures.isEmpty()) {
            fail(report);
        }
    }

    private List<Failure> check(GeneratedInputs.Input input, RawHttp.Answer answer, String operation) {
        List<Failure> failures = new ArrayList<>();
        int status = answer.status();
        String text = answer.text();
        String description = GeneratedInputs.excerpt(input.description());
        String excerpt = GeneratedInputs.excerpt(answer.error() != null ? answer.error() : text, 300);
        if (status < 0) {
            failures.add(new Failure(NO_ANSWER, operation, description, status, excerpt));
            return failures;
        }
        if (input.expected() != null && status != input.expected()) {
            failures.add(new Failure(WRONG_STATUS + " (expected " + input.expected() + ")", operation, description,
                    status, excerpt));
        }
        if (status >= 500) {
            failures.add(new Failure(FIVE_XX, operation, description, status, excerpt));
        }
        if (status == 400 && input.malformedHttp()) {
            return failures; // refused by the HTTP parser itself (see Input.malformedHttp): nothing to name
        }
        if (status >= 400 && status < 500) {
            String contentType = String.valueOf(answer.header("Content-Type")).toLowerCase(Locale.ROOT);
            if (!contentType.startsWith("application/problem+json")) {
                failures.add(new Failure(NOT_PROBLEM, operation, description, status,
                        "Content-Type " + answer.header("Content-Type") + "; body " + excerpt));
            } else {
                JsonNode problem = null;
                try {
                    problem = GeneratedInputs.JSON.readTree(text);
                } catch (IOException e) {
                    // reported below
                }
                if (problem == null || !problem.isObject() || problem.path("status").asInt(-1) != status) {
                    failures.add(new Failure(PROBLEM_BODY, operation, description, status, excerpt));
                } else if (status == 400 && (problem.path("field").asText("").isBlank()
                        || problem.path("rule").asText("").isBlank())) {
                    failures.add(new Failure(NO_FIELD_RULE, operation, description, status, excerpt));
                }
            }
        }
        String contentType = String.valueOf(answer.header("Content-Type")).toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/pdf")) {
            var matcher = CLASS_NAME.matcher(text);
            if (matcher.find()) {
                failures.add(new Failure(CLASS_NAMES, operation, description, status,
                        "'" + matcher.group() + "' in " + excerptAround(text, matcher.start())));
            }
        }
        return failures;
    }

    private static String excerptAround(String text, int at) {
        int from = Math.max(0, at - 60);
        return GeneratedInputs.excerpt(text.substring(from, Math.min(text.length(), at + 100)), 300);
    }

    static String report(String summary, List<Failure> failures) {
        return report(summary, failures, 25);
    }

    /**
     * Failures grouped by cause, then by input: one line per input with the operations it failed on, the statuses
     * and one body excerpt. With {@code perCause} = all, every single failure follows.
     */
    static String report(String summary, List<Failure> failures, int perCause) {
        Map<String, List<Failure>> byCause = new LinkedHashMap<>();
        failures.forEach(f -> byCause.computeIfAbsent(f.cause(), c -> new ArrayList<>()).add(f));
        StringBuilder b = new StringBuilder(summary).append('\n')
                .append(failures.size()).append(" failed checks in ").append(byCause.size()).append(" causes\n");
        byCause.forEach((cause, list) -> {
            Set<String> operations = new LinkedHashSet<>();
            list.forEach(f -> operations.add(f.operation()));
            b.append("\n== ").append(cause).append(": ").append(list.size()).append(" requests on ")
                    .append(operations.size()).append(" operations\n");
            Map<String, List<Failure>> byInput = new LinkedHashMap<>();
            // Fixed inputs one by one; the random ones together (their descriptions never repeat).
            list.forEach(f -> byInput.computeIfAbsent(f.input().startsWith("random:") ? "random inputs, e.g. "
                    + f.input().substring("random: ".length()) : f.input(), i -> new ArrayList<>()).add(f));
            Map<String, List<Failure>> merged = new LinkedHashMap<>();
            String randomKey = null;
            for (Map.Entry<String, List<Failure>> e : byInput.entrySet()) {
                if (e.getKey().startsWith("random inputs")) {
                    randomKey = randomKey == null ? e.getKey() : randomKey;
                    merged.computeIfAbsent(randomKey, k -> new ArrayList<>()).addAll(e.getValue());
                } else {
                    merged.put(e.getKey(), e.getValue());
                }
            }
            byInput.clear();
            byInput.putAll(merged);
            byInput.entrySet().stream().limit(perCause).forEach(e -> {
                Failure first = e.getValue().get(0);
                Set<Integer> statuses = new java.util.TreeSet<>();
                Set<String> ops = new LinkedHashSet<>();
                e.getValue().forEach(f -> {
                    statuses.add(f.status());
                    ops.add(f.operation());
                });
                b.append("  ").append(e.getKey()).append(" -> ").append(statuses).append(" on ")
                        .append(ops.size() == 1 ? first.operation() + (e.getValue().size() > 1
                                ? " (" + e.getValue().size() + " requests)" : "")
                                : ops.size() + " operations (" + e.getValue().size() + " requests), e.g. "
                                + first.operation())
                        .append(" | ").append(first.excerpt()).append('\n');
            });
            if (byInput.size() > perCause) {
                b.append("  … and ").append(byInput.size() - perCause)
                        .append(" more inputs (target/generated-input-*.txt)\n");
            }
        });
        if (perCause == Integer.MAX_VALUE) {
            b.append("\n== every failed check\n");
            failures.forEach(f -> b.append(f.cause()).append(" | ").append(f.operation()).append(" | ")
                    .append(f.input()).append(" | ").append(f.status()).append(" | ").append(f.excerpt()).append('\n'));
        }
        return b.toString();
    }
}
