package ch.iiz.localstack;

import ch.iiz.events.Actor;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Topics;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.registry.BillingDetails;
import ch.iiz.events.registry.InstitutionRegistered;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Registers the sample institutions ({@link DevInstitution}) on the registry topic, for the local run and the tests:
 * what an administrator would do through {@code PUT /institutions/{id}} on a fresh installation. Idempotent: the
 * topic is compacted and each record carries the same entry; a stable event id per institution keeps consumers'
 * deduplication meaningful.
 */
public final class RegistrySeed {

    private static final Actor SEEDER = new Actor("ADMIN-IIZ", InstitutionType.OPERATIONS, "admin");

    private RegistrySeed() {
    }

    /** {@code java -cp local-stack.jar ch.iiz.localstack.RegistrySeed <bootstrap servers>} (docker compose uses it). */
    public static void main(String[] args) {
        seed(args.length > 0 ? args[0] : "localhost:9092");
        System.out.println("registered " + DevInstitution.all().size() + " sample institutions");
    }

    /** The registry entry of a sample institution, with plausible (checksum-valid, fictitious) billing details. */
    public static InstitutionRegistered entry(DevInstitution institution) {
        BillingDetails billing = switch (institution.id()) {
            case "RAV-AG-AARAU" -> new BillingDetails("AWA Aargau, RAV Aarau", "Rain", "53", "5000", "Aarau", "CH",
                    "CH5930808000000001001");
            case "IV-AG-SVA" -> new BillingDetails("SVA Aargau, IV-Stelle", "Kyburgerstrasse", "15", "5000", "Aarau", "CH",
                    "CH8400762000000001000");
            case "SD-AG-MENZIKEN" -> new BillingDetails("Gemeinde Menziken, Sozialdienst", "Hauptstrasse", "12", "5737",
                    "Menziken", "CH", "CH3000762000000001002");
            case "SD-AG-REINACH" -> new BillingDetails("Gemeinde Reinach AG, Sozialdienst", "Hauptstrasse", "66", "5734",
                    "Reinach AG", "CH", "CH7300762000000001004");
            case "RAV-LU-SURSEE" -> new BillingDetails("WAS Luzern, RAV Sursee", "Centralstrasse", "9", "6210",
                    "Sursee", "CH", "CH0530808000000001003");
            case "IV-LU-WAS" -> new BillingDetails("WAS Wirtschaft Arbeit Soziales, IV Luzern", "Landenbergstrasse",
                    "35", "6002", "Luzern", "CH", "CH4830808000000001005");
            case "SD-LU-SURSEE" -> new BillingDetails("Stadt Sursee, Sozialdienst", "Centralstrasse", "9", "6210",
                    "Sursee", "CH", "CH1900762000000001006");
            // Hessen: German addresses, but this system invoices in CHF to Swiss accounts (fictitious, checksum-valid)
            case "JC-HE-KASSEL" -> new BillingDetails("Jobcenter Stadt Kassel", "Grafenstrasse", "9", "34117", "Kassel",
                    "DE", "CH9130808000000001007");
            case "AA-HE-KASSEL" -> new BillingDetails("Agentur fuer Arbeit Kassel", "Grafenstrasse", "2", "34117",
                    "Kassel", "DE", "CH6200762000000001008");
            case "SA-HE-KASSEL" -> new BillingDetails("Stadt Kassel, Sozialamt", "Obere Koenigsstrasse", "8", "34117",
                    "Kassel", "DE", "CH3500762000000001009");
            default -> null;
        };
        return new InstitutionRegistered(institution.id(), InstitutionType.valueOf(institution.type()),
                institution.description(), institution.canton(), institution.municipality(), billing, true);
    }

    /** Creates the compacted registry topic if it is missing and registers every sample institution. */
    public static void seed(String bootstrapServers) {
        seed(bootstrapServers, 1);
    }

    /** As {@link #seed(String)}, on a cluster whose topics are replicated {@code replicationFactor} times. */
    public static void seed(String bootstrapServers, int replicationFactor) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            try {
                admin.createTopics(List.of(new NewTopic(Topics.INSTITUTION_REGISTRY, 1, (short) replicationFactor).configs(
                        Map.of("cleanup.policy", "compact", "retention.ms", "-1",
                                "min.insync.replicas", Integer.toString(Math.max(1, replicationFactor - 1)))))).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the registry topic: " + e, e);
        }
        EventCodec codec = new EventCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            for (DevInstitution institution : DevInstitution.all()) {
                InstitutionRegistered entry = entry(institution);
                EventEnvelope<InstitutionRegistered> envelope = EventEnvelope.of(
                        UUID.nameUUIDFromBytes(("registry-seed/" + entry).getBytes(StandardCharsets.UTF_8)), null, 0,
                        Instant.now(), SEEDER, null, null, entry);
                producer.send(new ProducerRecord<>(Topics.INSTITUTION_REGISTRY, entry.institutionId(),
                        codec.encodeBytes(envelope))).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot seed the institution registry: " + e, e);
        }
    }
}
