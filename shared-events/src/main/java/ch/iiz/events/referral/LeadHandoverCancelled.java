package ch.iiz.events.referral;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** A pending proposal ended without an answer because the case ended. */
@EventType(name = "LeadHandoverCancelled", summary = "A pending proposal ended because the case ended.")
public record LeadHandoverCancelled(String handoverId, LocalDate cancelledOn, String reason)
        implements ReferralEvent {
}
