package ch.iiz.events.placement;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.time.LocalDate;

/**
 * On its decision date the course had fewer than {@code minimumParticipants} reservations ({@code reservations}): it
 * is cancelled; one {@link SeatReleased} ({@code COURSE_CANCELLED}) per reservation follows.
 */
@EventType(name = "CourseCancelled", summary = "Hessen: a course missed its minimum by the decision date and is cancelled.")
public record CourseCancelled(String courseId, String organiserInstitutionId, LocalDate decisionDate, int reservations,
                              int minimumParticipants) implements PlacementEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return courseId;
    }
}
