package ch.iiz.events.placement;

import ch.iiz.events.IntegrationEvent;

/**
 * Everything published on {@code iiz.placement.events} (Hessen, seed 004): joint measure planning (courses whose seats
 * institutions reserve for clients of their cases) and shared vacancies. Events about a course or a vacancy as a whole
 * are keyed by its id; events about one case (a reservation, its release, a proposal, an outcome) carry the case id in
 * the envelope, so each case is told. The hash chain of this topic runs per course or vacancy (the aggregate that
 * emitted the event: {@code courseId} or {@code vacancyId}), not per case.
 */
public sealed interface PlacementEvent extends IntegrationEvent permits
        CourseAnnounced, SeatReserved, SeatReleased, CourseConfirmed, CourseCancelled,
        VacancyRecorded, VacancyProposed, VacancyOutcomeRecorded {
}
