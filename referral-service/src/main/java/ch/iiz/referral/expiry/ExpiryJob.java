package ch.iiz.referral.expiry;

import ch.iiz.axon.EventMetadata;
import ch.iiz.events.Actor;
import ch.iiz.events.InstitutionType;
import ch.iiz.referral.api.LeadQueries;
import ch.iiz.axon.TargetedCommand;
import ch.iiz.referral.domain.LeadCommand.ExpireDue;
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
 * Time-limited handovers, enforced: unanswered proposals past their deadline count as declined, and handovers past
 * their end return the lead to the commissioning institution. Safe across restarts (the due dates live in the
 * database) and with several instances (each case's lead decides idempotently and rejects a concurrent append).
 */
@ApplicationScoped
public class ExpiryJob {

    private static final Logger LOG = Logger.getLogger(ExpiryJob.class);
    private static final Actor SYSTEM = new Actor("referral-service", InstitutionType.OPERATIONS, Actor.SYSTEM_ROLE);

    @Inject
    LeadQueries queries;
    @Inject
    CommandGateway gateway;
    @Inject
    Clock clock;

    @Scheduled(every = "${iiz.referral.expiry-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    /** Expires everything due as of today; returns how many cases it touched. */
    public int runOnce() {
        LocalDate today = LocalDate.now(clock);
        int touched = 0;
        for (String caseId : queries.casesDue(today, 500)) {
            try {
                gateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                                new TargetedCommand(caseId, null, new ExpireDue(today)))
                        .andMetaData(EventMetadata.of(SYSTEM, UUID.randomUUID(), null)));
                touched++;
            } catch (RuntimeException e) {
                // Another instance may have done it; the next run looks again.
                LOG.warnf("expiry of case %s failed, will retry: %s", caseId, e.getMessage());
            }
        }
        return touched;
    }
}
