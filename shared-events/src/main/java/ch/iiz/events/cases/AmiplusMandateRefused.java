package ch.iiz.events.cases;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;
import java.util.List;

/**
 * An AMIplus mandate was refused at intake. {@code criteria} lists the criteria that are not health-related; the
 * health-related ones are personal data and travel only in {@code sealedCriteria} (their names, comma-separated,
 * sealed with the client's key as {@code enc:v1:...}); at least one of the two is given. Version 2.
 */
@EventType(name = "AmiplusMandateRefused", version = 2,
        summary = "An AMIplus mandate was refused at intake because exclusion criteria apply; health-related ones are sealed.")
public record AmiplusMandateRefused(String mandateId, String municipalityInstitutionId, String ravInstitutionId,
                                    List<ExclusionCriterion> criteria, LocalDate refusedOn,
                                    @Nullable String sealedCriteria) implements CaseEvent {
}
