package ch.iiz.events.referral;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** An accepted handover ended; the lead returns to the commissioning institution the day after {@code lastLeadDay}. */
@EventType(name = "LeadHandoverEnded", summary = "An accepted handover ended and the lead returned.")
public record LeadHandoverEnded(String handoverId, LocalDate lastLeadDay, String returnedToInstitutionId,
                                HandoverEndReason reason) implements ReferralEvent {
}
