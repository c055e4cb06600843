package ch.iiz.events;

import ch.iiz.events.asyncapi.AsyncApiGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed AsyncAPI document describes exactly the catalogue. Regenerate it with
 * {@code -Dasyncapi.update=true} after changing an event.
 */
class AsyncApiDocumentTest {

    private static final Path DOCUMENT =
            Path.of(System.getProperty("asyncapi.file", "src/main/resources/asyncapi.yaml"));

    @Test
    void committed_document_is_the_one_generated_from_the_catalogue() throws IOException {
        String generated = new AsyncApiGenerator().generate();
        if (Boolean.getBoolean("asyncapi.update")) {
            Files.writeString(DOCUMENT, generated);
        }
        assertThat(Files.readString(DOCUMENT)).isEqualTo(generated);
    }

    @Test
    void every_event_is_a_message_of_its_topic_with_the_record_fields() throws IOException {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");

        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            JsonNode channel = channelFor(doc, entry.topic());
            assertThat(channel.path("messages").has(entry.name())).as("%s on %s", entry.name(), entry.topic()).isTrue();
            JsonNode schema = doc.at("/components/schemas/" + entry.name());
            List<String> documented = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(documented::add);
            assertThat(documented).as("fields of %s", entry.name())
                    .containsExactlyElementsOf(Arrays.stream(entry.type().getRecordComponents())
                            .map(RecordComponent::getName).toList());
            assertThat(doc.at("/components/messages/" + entry.name() + "/payload/allOf/1/properties/schemaVersion/const")
                    .asInt()).isEqualTo(entry.version());
        }
        for (String dlq : Topics.deadLetterTopics()) {
            assertThat(channelFor(doc, dlq).path("messages").has("DeadLetter")).isTrue();
        }
    }

    private static JsonNode channelFor(JsonNode doc, String topic) {
        var channels = doc.path("channels").elements();
        while (channels.hasNext()) {
            JsonNode channel = channels.next();
            if (channel.path("address").asText().equals(topic)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + topic);
    }
}
