package ch.iiz.placement.decision;

import ch.iiz.axon.EventMetadata;
import ch.iiz.events.Actor;
import ch.iiz.events.InstitutionType;
import ch.iiz.placement.api.PlacementQueries;
import ch.iiz.placement.axon.CourseTarget;
import ch.iiz.placement.domain.CourseCommand.DecideCourse;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Decides every open course whose decision day is over: confirmed when its reservations reach the minimum, else
 * cancelled with its seats released. On the decision day itself the organiser decides (POST .../decision) when it
 * knows no more reservations come; the job takes what is left the day after, so it never races the last reservations. Safe across restarts (the due courses are read from the database) and with
 * several instances: each course decides once (its aggregate refuses a second decision, and the event store's unique
 * (aggregate, sequence) refuses a concurrent append), so a race leaves one decision and a logged refusal.
 */
@ApplicationScoped
public class DecisionJob {

    private static final Logger LOG = Logger.getLogger(DecisionJob.class);
    private static final Actor SYSTEM = new Actor("placement-service", InstitutionType.OPERATIONS, Actor.SYSTEM_ROLE);

    @Inject
    PlacementQueries queries;
    @Inject
    CommandGateway gateway;
    @Inject
    Clock clock;

    @Scheduled(every = "${iiz.placement.decision-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    /** Decides every open course whose decision date is before today; returns how many it decided. */
    public int runOnce() {
        LocalDate today = LocalDate.now(clock);
        int decided = 0;
        for (String courseId : queries.coursesDue(today, 500)) {
            try {
                gateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                                new CourseTarget(courseId, null, new DecideCourse(null, today)))
                        .andMetaData(EventMetadata.of(SYSTEM, UUID.randomUUID(), null)));
                decided++;
            } catch (RuntimeException e) {
                // Another instance may have decided it; the next run looks again.
                LOG.warnf("decision of course %s failed, will retry: %s", courseId, e.getMessage());
            }
        }
        return decided;
    }
}
