package ch.iiz.cases.registry;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Topics;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.registry.BillingDetails;
import ch.iiz.events.registry.InstitutionRegistered;
import ch.iiz.service.access.Access;
import ch.iiz.service.registry.Institutions;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.FreeText;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.web.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The institution registry: administrators register institutions and change their entries; every institution reads
 * it. The compacted registry topic is the record itself (an entry is written there and acknowledged by the broker
 * before the answer), and every service, this one included, keeps its copy from that topic.
 */
@Path("/institutions")
@Authenticated
@Tag(name = "Institution registry")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public class RegistryResource {

    @Inject
    Caller caller;
    @Inject
    Access access;
    @Inject
    Institutions institutions;
    @Inject
    Clock clock;
    @Inject
    jakarta.validation.Validator validator;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final EventCodec codec = new EventCodec();
    private volatile KafkaProducer<String, byte[]> producer;

    @Schema(description = "An institution's registry entry; the id is in the path.")
    public record Entry(
            @NotNull InstitutionType institutionType,
            @NotBlank @FreeText(max = 200) @Schema(examples = "RAV Aarau") String name,
            @NotNull @Pattern(regexp = "[A-Z]{2}") @Schema(examples = "AG") String canton,
            @FreeText(max = 100) @Schema(description = "For social services", examples = "Menziken") String municipality,
            @Valid Billing billing,
            @Schema(description = "Default true; false retires the institution") Boolean active) {
    }

    @Schema(description = "Where the institution is billed and paid (printed on Swiss QR-bills)")
    public record Billing(
            @NotBlank @FreeText(max = 70) String name,
            @NotBlank @FreeText(max = 70) String street,
            @FreeText(max = 16) String houseNumber,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9 -]{1,16}") String postalCode,
            @NotBlank @FreeText(max = 35) String town,
            @NotNull @Pattern(regexp = "[A-Z]{2}") String country,
            @Pattern(regexp = "(CH|LI)[0-9]{2}[0-9A-Z]{17}") @Schema(examples = "CH5930808000000001001") String iban) {
    }

    @GET
    @Operation(summary = "Every registered institution")
    public List<InstitutionRegistered> all() {
        return institutions.all();
    }

    @GET
    @Path("/{institutionId}")
    @Operation(summary = "One institution's entry")
    public InstitutionRegistered one(@PathParam("institutionId") @IdFormat String institutionId) {
        return institutions.find(institutionId)
                .orElseThrow(() -> ProblemException.notFound("no registered institution " + institutionId));
    }

    @PUT
    @Path("/{institutionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an institution or change its entry (administrators)")
    @APIResponse(responseCode = "403", description = "Only administrators keep the registry")
    public InstitutionRegistered register(@PathParam("institutionId") @IdFormat String institutionId, Entry body) {
        access.requireAdministrator(caller); // before the body is judged: nobody else learns what the registry takes
        if (body == null) {
            throw ProblemException.badRequest("body", "required", "the entry is required");
        }
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new jakarta.validation.ConstraintViolationException(violations);
        }
        Billing b = body.billing();
        InstitutionRegistered entry = new InstitutionRegistered(institutionId, body.institutionType(), body.name(),
                body.canton(), body.municipality(), b == null ? null : new BillingDetails(b.name(), b.street(),
                b.houseNumber(), b.postalCode(), b.town(), b.country(), b.iban()), !Boolean.FALSE.equals(body.active()));
        EventEnvelope<InstitutionRegistered> envelope = EventEnvelope.of(UUID.randomUUID(), null, 0, clock.instant(),
                caller.actor(Caller.ROLE_ADMIN), UUID.randomUUID(), null, entry);
        try {
            producer().send(new ProducerRecord<>(Topics.INSTITUTION_REGISTRY, institutionId, codec.encodeBytes(envelope)))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the registry topic did not acknowledge the entry", e);
        }
        return entry;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.CLIENT_ID_CONFIG, "case-service-registry"),
                            new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    /**
     * A lifecycle callback, not a shutdown observer: the resource's {@code @Authenticated} applies to its business
     * methods, so an observer called at shutdown without a caller was refused and the producer stayed open.
     */
    @jakarta.annotation.PreDestroy
    void stop() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
