package ch.iiz.cases.referral;

import ch.iiz.cases.axon.CaseCommandMessage;
import ch.iiz.axon.EventMetadata;
import ch.iiz.service.store.ProcessedEvents;
import ch.iiz.cases.domain.CaseCommand.ApplyLeadDecisionCommand;
import ch.iiz.cases.domain.CaseRuleViolation;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.codec.UnknownEventTypeException;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.ReferralEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies the lead decisions referral-service publishes to the case, so the case's own stream tells who led when.
 * Idempotent: the event id is claimed in the same transaction as the command's events. A record that cannot be
 * applied (unreadable, unknown case, a decision against the consent) goes to {@code iiz.dlq.case-service} with the
 * reason; a transient conflict is retried a few times first.
 */
@ApplicationScoped
public class ReferralEventsConsumer {

    static final String CONSUMER = "case-service/referral-events";
    private static final Logger LOG = Logger.getLogger(ReferralEventsConsumer.class);
    private static final int ATTEMPTS = 3;

    private final EventCodec codec = new EventCodec();

    @Inject
    CommandGateway gateway;
    @Inject
    ProcessedEvents processed;

    @Incoming("referral-events")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<ReferralEvent> envelope;
        try {
            envelope = codec.decode(new String(record.value() == null ? new byte[0] : record.value(),
                    java.nio.charset.StandardCharsets.UTF_8), ReferralEvent.class);
        } catch (UnknownEventTypeException e) {
            LOG.debugf("skipping %s: written by a newer producer, not needed here", e.type());
            return;
        }
        if (!(envelope.payload() instanceof LeadDecided decision)) {
            return; // only decisions change the case; negotiations are referral-service's business
        }
        if (envelope.caseId() == null) {
            throw new IllegalArgumentException("LeadDecided " + envelope.eventId() + " names no case");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                apply(envelope, decision);
                return;
            } catch (RuntimeException e) {
                Throwable cause = unwrap(e);
                boolean transientConflict = cause instanceof ConcurrencyException;
                if (!transientConflict || attempt == ATTEMPTS) {
                    throw new IllegalStateException(reason(envelope, cause), cause);
                }
                LOG.debugf("retrying %s after %s", envelope.eventId(), cause);
            }
        }
    }

    private void apply(EventEnvelope<ReferralEvent> envelope, LeadDecided decision) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (!processed.claim(CONSUMER, envelope.eventId())) {
                return; // delivered before
            }
            ApplyLeadDecisionCommand command = new ApplyLeadDecisionCommand(envelope.actor().institutionId(),
                    envelope.eventId(), decision.leadInstitutionId(), decision.effectiveOn(), decision.basis(),
                    decision.handoverId(), decision.coLeadInstitutionIds());
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new CaseCommandMessage(envelope.caseId(), null, command))
                    .andMetaData(EventMetadata.of(envelope.actor(), envelope.correlationId(), envelope.eventId())));
        });
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CommandExecutionException || cause.getClass() == RuntimeException.class)
                && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String reason(EventEnvelope<?> envelope, Throwable cause) {
        String what = "LeadDecided " + envelope.eventId() + " for case " + envelope.caseId() + ": ";
        if (cause instanceof CaseRuleViolation v) {
            return what + "rule " + v.rule() + " - " + v.getMessage();
        }
        if (cause instanceof AggregateNotFoundException) {
            return what + "no such case";
        }
        return what + cause;
    }
}
