package ch.iiz.events.placement;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.EventType;

import java.time.LocalDate;

/**
 * An employment agency recorded a vacancy, visible to the job centres, employment agencies and municipal offices of
 * its cooperation ({@code region}, e.g. {@code HE}) until {@code validUntil}. {@code occupation} describes the job,
 * never a person.
 */
@EventType(name = "VacancyRecorded", summary = "Hessen: an employment agency recorded a vacancy shared with the cooperation.")
public record VacancyRecorded(String vacancyId, String agencyInstitutionId, String occupation, int workloadPercent,
                              String region, LocalDate validUntil, LocalDate recordedOn)
        implements PlacementEvent, EventEnvelope.Keyed {
    @Override
    public String partitionKey() {
        return vacancyId;
    }
}
