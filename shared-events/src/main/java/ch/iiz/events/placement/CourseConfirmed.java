package ch.iiz.events.placement;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.time.LocalDate;
import java.util.List;

/**
 * On its decision date the course had at least its minimum of reservations: it takes place with {@code seats}. The
 * organiser bills each reserving institution other than itself for its seats (billing-service).
 */
@EventType(name = "CourseConfirmed", summary = "Hessen: a course reached its minimum by the decision date and takes place.")
public record CourseConfirmed(String courseId, String organiserInstitutionId, LocalDate decisionDate,
                              List<ConfirmedSeat> seats) implements PlacementEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return courseId;
    }
}
