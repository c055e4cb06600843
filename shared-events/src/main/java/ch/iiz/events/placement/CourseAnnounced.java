package ch.iiz.events.placement;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;
import ch.iiz.events.cases.MeasureKind;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An institution announced a course of joint measure planning: {@code seats} places, viable with at least
 * {@code minimumParticipants} reservations by {@code decisionDate}; each confirmed seat costs {@code pricePerSeat} CHF.
 * {@code provider} names the course provider (an organisation, never a client).
 */
@EventType(name = "CourseAnnounced", summary = "Hessen: an institution announced a course of joint measure planning.")
public record CourseAnnounced(String courseId, String organiserInstitutionId, MeasureKind measureKind, String provider,
                              int seats, int minimumParticipants, LocalDate startDate, BigDecimal pricePerSeat,
                              LocalDate decisionDate, LocalDate announcedOn)
        implements PlacementEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return courseId;
    }
}
