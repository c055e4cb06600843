package ch.iiz.events.referral;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** Hessen: a refugee labour-market office routed ("lotst") the person to the competent institution. No fee. */
@EventType(name = "ClientRouted", summary = "Hessen: a refugee labour-market office routed the person to the competent institution.")
public record ClientRouted(String routingId, String routedBy, String toInstitutionId, LocalDate routedOn)
        implements ReferralEvent {
}
