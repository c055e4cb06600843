package ch.iiz.referral.axon;

import ch.iiz.axon.CommandBatch;
import ch.iiz.axon.TargetedCommand;
import ch.iiz.referral.domain.LeadCommand;
import ch.iiz.referral.domain.LeadCommand.ObserveCaseEvent;
import ch.iiz.referral.domain.LeadCommand.ObserveCaseEvents;
import ch.iiz.referral.domain.LeadDecider;
import ch.iiz.referral.domain.LeadState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.List;

/**
 * The lead of one case (id = the case id): its facts from case-service, every handover, every decision. One aggregate
 * per case serializes all lead decisions of that case. Rules live in {@link LeadDecider}.
 */
public class CaseLeadAggregate {

    static final String CASE_ID = "caseId";

    @AggregateIdentifier
    private String caseId;
    private LeadState state;

    public CaseLeadAggregate() {
        // for Axon; the first case event creates the lead
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(TargetedCommand message) {
        LeadState current = state != null ? state : LeadState.of(message.aggregateId(), List.of());
        if (message.command() instanceof CommandBatch batch) {
            observe(message.aggregateId(), current, batch);
            return;
        }
        for (Object event : LeadDecider.decide(current, (LeadCommand) message.command())) {
            AggregateLifecycle.apply(event, MetaData.with(CASE_ID, message.aggregateId()));
        }
    }

    /**
     * The case events of one poll (axon-kit's EventToCommandConsumer), decided together as one fold; the events each
     * case event causes carry that case event's actor, correlation and causation.
     */
    private void observe(String caseId, LeadState current, CommandBatch batch) {
        List<ObserveCaseEvent> observed = batch.commands().stream()
                .map(c -> (ObserveCaseEvent) c.command()).toList();
        List<List<Object>> decided = LeadDecider.decideEach(current, new ObserveCaseEvents(observed));
        for (int i = 0; i < decided.size(); i++) {
            MetaData metaData = batch.commands().get(i).metaData().and(CASE_ID, caseId);
            for (Object event : decided.get(i)) {
                AggregateLifecycle.apply(event, metaData);
            }
        }
    }

    @EventSourcingHandler
    public void on(Object event, @MetaDataValue(CASE_ID) String id, EventMessage<?> message) {
        if (state == null) {
            caseId = message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null
                    ? domain.getAggregateIdentifier() : id;
            state = LeadState.of(caseId, List.of());
        }
        state.apply(event);
    }
}
