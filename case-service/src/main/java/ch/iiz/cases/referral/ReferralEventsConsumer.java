package ch.iiz.cases.referral;

import ch.iiz.axon.EventToCommandConsumer;
import ch.iiz.axon.TargetedCommand;
import ch.iiz.cases.domain.CaseCommand.ApplyLeadDecisionCommand;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.referral.LeadDecided;
import ch.iiz.events.referral.ReferralEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies the lead decisions referral-service publishes to the case, so the case's own stream tells who led when.
 * Negotiations (proposals, answers) are referral-service's business and are skipped. A poll at a time, in one
 * transaction; each decision is its own command on the case (a case rarely gets two in one poll, so the case aggregate
 * takes no batch). Records that cannot be applied go to {@code iiz.dlq.case-service} with the reason.
 */
@ApplicationScoped
public class ReferralEventsConsumer extends EventToCommandConsumer<ReferralEvent> {

    @Incoming("referral-events")
    @Blocking(ordered = true)
    public void onRecords(ConsumerRecords<String, byte[]> records) throws Exception {
        consume(records);
    }

    @Override
    protected Class<ReferralEvent> root() {
        return ReferralEvent.class;
    }

    @Override
    protected String consumerName() {
        return "case-service/referral-events";
    }

    @Override
    protected Object command(EventEnvelope<ReferralEvent> envelope) {
        if (!(envelope.payload() instanceof LeadDecided decision)) {
            return null;
        }
        if (envelope.caseId() == null) {
            throw new IllegalArgumentException("LeadDecided " + envelope.eventId() + " names no case");
        }
        return new TargetedCommand(envelope.caseId(), null, new ApplyLeadDecisionCommand(
                envelope.actor().institutionId(), envelope.eventId(), decision.leadInstitutionId(),
                decision.effectiveOn(), decision.basis(), decision.handoverId(), decision.coLeadInstitutionIds()));
    }
}
