package ch.iiz.cases.axon;

import ch.iiz.axon.TargetedCommand;
import ch.iiz.cases.domain.CaseCommand;
import ch.iiz.cases.domain.CaseDecider;
import ch.iiz.cases.domain.CaseState;
import ch.iiz.cases.domain.OpenCaseCommand;
import ch.iiz.events.cases.CaseEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.List;

/**
 * The event-sourced case. A thin shell: the rules live in {@link CaseDecider}, the state in {@link CaseState}.
 */
public class CaseAggregate {

    /** Metadata key that carries the case id on the events of the opening command. */
    public static final String CASE_ID = "caseId";

    @AggregateIdentifier
    private String caseId;
    private CaseState state;

    protected CaseAggregate() {
        // for Axon
    }

    /**
     * Opens the case and returns its state after the new events (not the id, as a constructor handler would), so the
     * answer to the caller needs no second read of the stream.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public CaseState open(OpenCaseCommand command) {
        List<CaseEvent> events = CaseDecider.open(command);
        events.forEach(e -> AggregateLifecycle.apply(e, MetaData.with(CASE_ID, command.caseId())));
        return state;
    }

    /** Decides and applies; returns the state after the new events, for the answer. */
    @CommandHandler
    public CaseState handle(TargetedCommand message) {
        CaseDecider.decide(state, (CaseCommand) message.command()).forEach(AggregateLifecycle::apply);
        return state;
    }

    @EventSourcingHandler
    public void on(CaseEvent event, @MetaDataValue(CASE_ID) String openingCaseId, EventMessage<?> message) {
        if (state == null) {
            // While the opening command applies its first event the aggregate has no id yet: it comes as metadata.
            caseId = message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null
                    ? domain.getAggregateIdentifier() : openingCaseId;
            state = CaseState.of(caseId, List.of());
        }
        state.apply(event);
    }
}
