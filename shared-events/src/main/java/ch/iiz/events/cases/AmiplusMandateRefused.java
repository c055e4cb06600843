package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;
import java.util.List;

@EventType(name = "AmiplusMandateRefused",
        summary = "An AMIplus mandate was refused at intake because exclusion criteria apply.")
public record AmiplusMandateRefused(String mandateId, String municipalityInstitutionId, String ravInstitutionId,
                                    List<ExclusionCriterion> criteria, LocalDate refusedOn) implements CaseEvent {
}
