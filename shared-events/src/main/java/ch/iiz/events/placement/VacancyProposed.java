package ch.iiz.events.placement;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.time.LocalDate;

/** A participant of the case proposed the vacancy to the case's client. The envelope's case id is {@code caseId}. */
@EventType(name = "VacancyProposed", summary = "Hessen: a shared vacancy was proposed to the client of a case.")
public record VacancyProposed(String vacancyId, String caseId, String proposingInstitutionId, LocalDate proposedOn)
        implements PlacementEvent, EventEnvelope.AboutCase {
}
