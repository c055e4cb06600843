package ch.iiz.events.placement;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.time.LocalDate;

/** A reserved seat was freed: withdrawn before the decision, or released because the course was cancelled. */
@EventType(name = "SeatReleased", summary = "Hessen: a reserved seat of a course was freed; the case is told why.")
public record SeatReleased(String courseId, String reservationId, String caseId, String reservingInstitutionId,
                           SeatReleaseReason reason, LocalDate releasedOn) implements PlacementEvent, EventEnvelope.AboutCase {
}
