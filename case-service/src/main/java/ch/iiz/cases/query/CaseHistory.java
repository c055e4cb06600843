package ch.iiz.cases.query;

import ch.iiz.axon.KafkaOutboxRelay;
import ch.iiz.cases.domain.CaseState;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.cases.CaseEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.List;

/** A case's own event stream from the event store: its state now, and its history as integration envelopes. */
@ApplicationScoped
public class CaseHistory {

    @Inject
    EventStore eventStore;

    public List<EventEnvelope<CaseEvent>> events(String caseId) {
        return eventStore.readEvents(caseId).asStream()
                .filter(m -> m.getPayload() instanceof CaseEvent)
                .map(m -> KafkaOutboxRelay.toEnvelope((CaseEvent) m.getPayload(), (DomainEventMessage<?>) m))
                .toList();
    }

    public CaseState state(String caseId) {
        return CaseState.of(caseId, eventStore.readEvents(caseId).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(CaseEvent.class::isInstance).map(CaseEvent.class::cast).toList());
    }
}
