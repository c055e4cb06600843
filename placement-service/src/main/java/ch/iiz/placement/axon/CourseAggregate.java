package ch.iiz.placement.axon;

import ch.iiz.placement.domain.CourseDecider;
import ch.iiz.placement.domain.CourseState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.List;

/**
 * One course (id = the course id): its terms and every reservation. One aggregate per course serializes the seat
 * count, so two reservations for the last seat cannot both succeed (in one instance under the aggregate's lock,
 * across instances by the event store's unique (aggregate, sequence)). Rules live in {@link CourseDecider}.
 */
public class CourseAggregate {

    @AggregateIdentifier
    private String courseId;
    private CourseState state;

    public CourseAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CourseTarget message) {
        for (Object event : CourseDecider.decide(state, message.command())) {
            AggregateLifecycle.apply(event);
        }
    }

    @EventSourcingHandler
    public void on(Object event) {
        if (state == null) {
            state = CourseState.of(List.of());
        }
        state.apply(event);
        if (courseId == null && state.announced()) {
            courseId = state.courseId();
        }
    }
}
