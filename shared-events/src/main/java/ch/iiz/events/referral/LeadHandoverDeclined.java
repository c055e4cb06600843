package ch.iiz.events.referral;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** The proposed institution declined, or stayed silent past the deadline ({@code deadlineExpired}). */
@EventType(name = "LeadHandoverDeclined",
        summary = "The proposed institution declined, or did not answer before the deadline.")
public record LeadHandoverDeclined(String handoverId, String declinedBy, LocalDate declinedOn, String reason,
                                   boolean deadlineExpired) implements ReferralEvent {
}
