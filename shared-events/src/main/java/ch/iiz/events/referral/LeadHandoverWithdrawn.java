package ch.iiz.events.referral;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;

@EventType(name = "LeadHandoverWithdrawn", summary = "The proposing institution withdrew an unanswered proposal.")
public record LeadHandoverWithdrawn(String handoverId, String withdrawnBy, LocalDate withdrawnOn,
                                    @Nullable String reason) implements ReferralEvent {
}
