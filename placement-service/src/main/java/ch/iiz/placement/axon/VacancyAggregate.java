package ch.iiz.placement.axon;

import ch.iiz.placement.domain.VacancyDecider;
import ch.iiz.placement.domain.VacancyState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.List;

/** One shared vacancy (id = the vacancy id) with its proposals to cases. Rules live in {@link VacancyDecider}. */
public class VacancyAggregate {

    @AggregateIdentifier
    private String vacancyId;
    private VacancyState state;

    public VacancyAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(VacancyTarget message) {
        for (Object event : VacancyDecider.decide(state, message.command())) {
            AggregateLifecycle.apply(event);
        }
    }

    @EventSourcingHandler
    public void on(Object event) {
        if (state == null) {
            state = VacancyState.of(List.of());
        }
        state.apply(event);
        if (vacancyId == null && state.recorded()) {
            vacancyId = state.terms().vacancyId();
        }
    }
}
