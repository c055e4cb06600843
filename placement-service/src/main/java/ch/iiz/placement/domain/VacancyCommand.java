package ch.iiz.placement.domain;

import ch.iiz.events.placement.VacancyOutcome;

import java.time.LocalDate;

/** What can be asked of a shared vacancy. {@code by} is the acting institution from the caller's token. */
public sealed interface VacancyCommand {

    /** {@code region}: the agency's canton or region in the registry, the cooperation that shares the vacancy. */
    record RecordVacancy(String by, String vacancyId, String occupation, int workloadPercent, String region,
                         LocalDate validUntil, LocalDate recordedOn) implements VacancyCommand {
    }

    /** {@code facts}: what placement-service knows of the case at that moment. */
    record ProposeVacancy(String by, String caseId, CaseFacts facts, LocalDate proposedOn) implements VacancyCommand {
    }

    record RecordOutcome(String by, String caseId, CaseFacts facts, VacancyOutcome outcome, LocalDate outcomeDate)
            implements VacancyCommand {
    }
}
