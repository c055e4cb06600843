package ch.iiz.events.placement;

import java.math.BigDecimal;

/** One seat of a confirmed course: what the organiser charges {@code reservingInstitutionId} for it, in CHF. */
public record ConfirmedSeat(String reservationId, String caseId, String reservingInstitutionId,
                            BigDecimal pricePerSeat) {
}
