package ch.iiz.placement.cases;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.UnknownEventTypeException;
import ch.iiz.service.access.Access;
import ch.iiz.service.kafka.BatchConsumer;
import ch.iiz.service.store.ProcessedEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps what placement-service knows of each case: the access rule's facts ({@code case_access}, service-kit
 * {@link Access}) and the facts a reservation or proposal is decided on ({@code case_facts}: participants, consents,
 * entitlements, cost approvals). No command follows from a case event here, so a poll's batch is applied in one
 * transaction: its event ids claimed, both tables folded with one read and one write each; a redelivery or replay
 * changes nothing. The batch is applied by service-kit's {@link BatchConsumer}: retried while the database is away;
 * on any other failure applied record by record, and the record that cannot be applied goes to
 * {@code iiz.dlq.placement-service} with the reason. Types written by newer producers are skipped.
 */
@ApplicationScoped
public class CaseEventsConsumer extends BatchConsumer {

    static final String CONSUMER = "placement-service/case-events";
    private static final Logger LOG = Logger.getLogger(CaseEventsConsumer.class);

    private final EventCodec codec = new EventCodec();

    @Inject
    ProcessedEvents processed;
    @Inject
    Access access;
    @Inject
    CaseFactsStore facts;

    @Incoming("case-events")
    @Blocking(ordered = true)
    public void onRecords(ConsumerRecords<String, byte[]> records) throws Exception {
        consume(records);
    }

    @Override
    protected void applyAll(List<ConsumerRecord<String, byte[]>> records) {
        List<EventEnvelope<CaseEvent>> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(codec.decode(new String(record.value() == null ? new byte[0] : record.value(),
                        StandardCharsets.UTF_8), CaseEvent.class));
            } catch (UnknownEventTypeException e) {
                LOG.debugf("skipping %s: written by a newer producer, not needed here", e.type());
                continue;
            }
            EventEnvelope<CaseEvent> envelope = events.get(events.size() - 1);
            if (envelope.caseId() == null) {
                throw new IllegalArgumentException(envelope.type() + " " + envelope.eventId() + " names no case");
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Set<UUID> fresh = processed.claimAll(CONSUMER, events.stream().map(EventEnvelope::eventId).toList());
            Set<UUID> taken = new HashSet<>();
            List<Access.Fact> apply = events.stream()
                    .filter(e -> fresh.contains(e.eventId()) && taken.add(e.eventId()))
                    .map(e -> new Access.Fact(e.caseId(), e.sequence(), e.payload())).toList();
            access.applyAll(apply);
            facts.applyAll(apply);
        });
    }
}
