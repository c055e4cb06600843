package ch.iiz.events.referral;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** The proposed institution accepted; it leads from {@code leadFrom} to {@code leadUntil} inclusive. */
@EventType(name = "LeadHandoverAccepted", summary = "The proposed institution accepted the lead for a limited time.")
public record LeadHandoverAccepted(String handoverId, String acceptedBy, LocalDate acceptedOn, LocalDate leadFrom,
                                   LocalDate leadUntil) implements ReferralEvent {
}
