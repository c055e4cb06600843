package ch.iiz.events.referral;

import ch.iiz.events.IntegrationEvent;

/** Everything published on {@code iiz.referral.events}: negotiations and decisions about who leads a case. */
public sealed interface ReferralEvent extends IntegrationEvent permits
        LeadHandoverProposed, LeadHandoverAccepted, LeadHandoverDeclined, LeadHandoverWithdrawn,
        LeadHandoverExtended, LeadHandoverEnded, LeadHandoverCancelled, ClientRouted, LeadDecided {
}
