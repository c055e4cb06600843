package ch.iiz.axon;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * Anchors the event store every {@code iiz.audit.anchor-every} (default 1h). Every instance checks every
 * {@code iiz.audit.anchor-check-every}; the advisory lock and the last anchor's time let one of them anchor per period.
 */
@ApplicationScoped
public class ChainAnchorJob {

    private static final Logger LOG = Logger.getLogger(ChainAnchorJob.class);

    @Inject
    ChainAnchors anchors;
    @Inject
    Clock clock;
    @ConfigProperty(name = "iiz.audit.anchor-every", defaultValue = "1h")
    Duration every;

    @Scheduled(every = "${iiz.audit.anchor-check-every:5m}", delayed = "${iiz.audit.anchor-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void anchorWhenDue() {
        try {
            anchors.anchor("SCHEDULED", every, clock);
        } catch (RuntimeException e) {
            LOG.warnf("chain-anchor failed, tried again at the next check: %s", e.getMessage());
        }
    }
}
