package ch.iiz.events.referral;

import ch.iiz.events.EventType;

import java.time.LocalDate;

@EventType(name = "LeadHandoverExtended", summary = "An accepted handover was extended before it ended.")
public record LeadHandoverExtended(String handoverId, String extendedBy, LocalDate extendedOn,
                                   LocalDate previousLeadUntil, LocalDate newLeadUntil) implements ReferralEvent {
}
