package ch.iiz.events;

import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.EventDecodingException;
import ch.iiz.events.codec.UnknownEventTypeException;
import ch.iiz.events.codec.Upcasters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire contract: every event of the catalogue has a golden JSON sample that it writes exactly and reads back
 * equal; unknown fields are tolerated; older versions are upcast; broken records are refused with the field named.
 * Set {@code -Dgolden.update=true} to rewrite the samples after a deliberate, compatible change.
 */
class EventContractTest {

    private static final Path GOLDEN = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
    private final EventCodec codec = new EventCodec();
    private final Map<Class<?>, IntegrationEvent> samples = EventSamples.all();

    @Test
    void every_event_type_of_the_catalogue_has_a_sample() {
        assertThat(EventCatalog.entries()).hasSizeGreaterThanOrEqualTo(38);
        assertThat(samples.keySet())
                .containsExactlyInAnyOrderElementsOf(EventCatalog.entries().stream().map(EventCatalog.Entry::type).toList());
    }

    @TestFactory
    Stream<DynamicTest> golden_samples_round_trip() {
        return EventCatalog.entries().stream().map(entry -> DynamicTest.dynamicTest(entry.name(), () -> {
            EventEnvelope<IntegrationEvent> envelope = EventSamples.envelope(samples.get(entry.type()));
            Path file = GOLDEN.resolve(entry.name() + ".v" + entry.version() + ".json");
            String written = codec.encode(envelope);
            if (Boolean.getBoolean("golden.update")) {
                Files.writeString(file, codec.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(codec.mapper().readTree(written)) + "\n");
            }
            assertThat(file).as("golden sample %s (run with -Dgolden.update=true to create it)", file).exists();
            String golden = Files.readString(file);
            assertThat(codec.mapper().readTree(written)).as("JSON written for " + entry.name())
                    .isEqualTo(codec.mapper().readTree(golden));
            assertThat(codec.decode(golden)).isEqualTo(envelope);
        }));
    }

    @TestFactory
    Stream<DynamicTest> unknown_fields_are_tolerated() {
        return EventCatalog.entries().stream().map(entry -> DynamicTest.dynamicTest(entry.name(), () -> {
            EventEnvelope<IntegrationEvent> envelope = EventSamples.envelope(samples.get(entry.type()));
            ObjectNode tree = codec.toTree(envelope);
            tree.put("addedByANewerProducer", "x");
            ((ObjectNode) tree.get("payload")).putObject("anotherNewField").put("nested", 1);
            ((ObjectNode) tree.get("actor")).put("department", "IIZ");
            assertThat(codec.decode(tree.toString())).isEqualTo(envelope);
        }));
    }

    @Test
    void a_version_1_consent_is_upcast_to_the_current_version() throws IOException {
        String v1 = Files.readString(GOLDEN.resolve("ConsentRecorded.v1.json"));
        EventEnvelope<IntegrationEvent> decoded = codec.decode(v1);

        assertThat(decoded.schemaVersion()).isEqualTo(1);
        assertThat(decoded.payload()).isEqualTo(new ConsentRecorded("cons-1", EventSamples.D,
                List.of(EventSamples.MUNICIPALITY, EventSamples.RAV, EventSamples.IV), "dms://consent/2026/0815"));
    }

    @Test
    void version_1_exclusion_criteria_are_read_as_they_were_with_nothing_sealed() throws IOException {
        var reported = (ch.iiz.events.cases.ExclusionCriterionReported) codec.decode(
                Files.readString(GOLDEN.resolve("ExclusionCriterionReported.v1.json"))).payload();
        assertThat(reported.criterion()).isNotNull();
        assertThat(reported.sealedCriterion()).isNull();
        var refused = (ch.iiz.events.cases.AmiplusMandateRefused) codec.decode(
                Files.readString(GOLDEN.resolve("AmiplusMandateRefused.v1.json"))).payload();
        assertThat(refused.criteria()).isNotEmpty();
        assertThat(refused.sealedCriteria()).isNull();
        var aborted = (ch.iiz.events.cases.CaseAborted) codec.decode(
                Files.readString(GOLDEN.resolve("CaseAborted.v1.json"))).payload();
        assertThat(aborted.sealedCriterion()).isNull();
    }

    @Test
    void every_older_version_has_a_golden_sample_and_an_upcaster() {
        Upcasters upcasters = Upcasters.standard();
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            for (int version = 1; version < entry.version(); version++) {
                assertThat(upcasters.has(entry.name(), version)).as("upcaster %s v%d", entry.name(), version).isTrue();
                Path file = GOLDEN.resolve(entry.name() + ".v" + version + ".json");
                assertThat(file).as("golden sample of an older version").exists();
                assertThat(codec.decode(readUnchecked(file)).payload()).isInstanceOf(entry.type());
            }
        }
    }

    @Test
    void a_missing_required_field_is_refused_with_its_path() {
        ObjectNode tree = codec.toTree(EventSamples.envelope(samples.get(ch.iiz.events.cases.CaseOpened.class)));
        ((ObjectNode) tree.get("payload").get("participants").get(0)).remove("institutionId");

        assertThatThrownBy(() -> codec.decode(tree.toString()))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("payload.participants[0].institutionId: is required");
    }

    @Test
    void broken_envelopes_are_refused_with_the_field_named() {
        ObjectNode good = codec.toTree(EventSamples.envelope(samples.get(ConsentRecorded.class)));
        assertThatThrownBy(() -> codec.decode("{not json")).isInstanceOf(EventDecodingException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> codec.decode(without(good, "eventId"))).hasMessage("eventId: is required");
        assertThatThrownBy(() -> codec.decode(with(good, "eventId", "42"))).hasMessage("eventId: must be a UUID");
        assertThatThrownBy(() -> codec.decode(with(good, "occurredAt", "yesterday")))
                .hasMessage("occurredAt: must be an ISO-8601 instant");
        assertThatThrownBy(() -> codec.decode(good.deepCopy().put("schemaVersion", 3).toString()))
                .hasMessageContaining("newer than this reader's v2");
        assertThatThrownBy(() -> codec.decode(with(good, "type", "SomethingNew")))
                .isInstanceOf(UnknownEventTypeException.class);
        assertThatThrownBy(() -> codec.decode(good.toString(), ch.iiz.events.referral.ReferralEvent.class))
                .hasMessageContaining("does not belong to ReferralEvent");
    }

    @Test
    void money_travels_as_exact_decimal_strings() {
        JsonNode tree = codec.toTree(EventSamples.envelope(samples.get(ch.iiz.events.billing.InvoiceIssued.class)));
        assertThat(tree.at("/payload/totalChf").isTextual()).isTrue();
        assertThat(tree.at("/payload/totalChf").asText()).isEqualTo("300.00");
    }

    @Test
    void events_carry_no_field_that_names_personal_data() {
        Set<String> forbidden = Set.of("name", "firstname", "lastname", "surname", "birthdate", "dateofbirth",
                "ahv", "ahvnumber", "ssn", "socialsecuritynumber", "address", "street", "phone", "email",
                "diagnosis", "nationality");
        List<String> offenders = new ArrayList<>();
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            if (entry.topic().equals(Topics.INSTITUTION_REGISTRY)) {
                continue; // institutions' own names and postal addresses, never a client's
            }
            collect(entry.type(), entry.name(), forbidden, offenders);
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void envelopes_are_keyed_by_case_id_and_routed_to_their_topic() {
        EventEnvelope<IntegrationEvent> caseEvent = EventSamples.envelope(samples.get(ConsentRecorded.class));
        assertThat(caseEvent.partitionKey()).isEqualTo(EventSamples.CASE_ID);
        assertThat(caseEvent.topic()).isEqualTo(Topics.CASE_EVENTS);
        EventEnvelope<IntegrationEvent> invoice =
                EventSamples.envelope(samples.get(ch.iiz.events.billing.InvoiceIssued.class));
        assertThat(invoice.partitionKey()).isEqualTo("INV-2026-03-SD-AG-MENZIKEN");
        assertThat(invoice.topic()).isEqualTo(Topics.BILLING_EVENTS);
    }

    private static void collect(Class<?> type, String path, Set<String> forbidden, List<String> offenders) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (forbidden.contains(component.getName().toLowerCase(Locale.ROOT))) {
                offenders.add(path + "." + component.getName());
            }
            if (component.getType().isRecord()) {
                collect(component.getType(), path + "." + component.getName(), forbidden, offenders);
            }
        }
    }

    private static String without(ObjectNode tree, String field) {
        ObjectNode copy = tree.deepCopy();
        copy.remove(field);
        return copy.toString();
    }

    private static String with(ObjectNode tree, String field, String value) {
        return tree.deepCopy().put(field, value).toString();
    }

    private static String readUnchecked(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
