package ch.iiz.events.placement;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.time.LocalDate;

/**
 * A participant of the case recorded what came of a proposed vacancy: the client applied, was hired, or was rejected.
 * A hire counts in the outcome KPIs. The envelope's case id is {@code caseId}.
 */
@EventType(name = "VacancyOutcomeRecorded", summary = "Hessen: the outcome of a vacancy proposed to a case was recorded.")
public record VacancyOutcomeRecorded(String vacancyId, String caseId, VacancyOutcome outcome, String recordedBy,
                                     LocalDate outcomeDate) implements PlacementEvent, EventEnvelope.AboutCase {
}
