package ch.iiz.events.placement;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An institution taking part in the case reserved a seat of the course for the case's client. The entitled
 * institution approved the cost ({@code costApprovalRef}, the case's Kostengutsprache); {@code pricePerSeat} is the
 * course's price at the time of reservation. The envelope's case id is {@code caseId}.
 */
@EventType(name = "SeatReserved", summary = "Hessen: a seat of a course was reserved for the client of a case.")
public record SeatReserved(String courseId, String reservationId, String caseId, String reservingInstitutionId,
                           String entitledInstitutionId, String costApprovalRef, BigDecimal pricePerSeat,
                           LocalDate reservedOn) implements PlacementEvent, EventEnvelope.AboutCase {
}
