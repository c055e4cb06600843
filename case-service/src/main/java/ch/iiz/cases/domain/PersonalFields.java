package ch.iiz.cases.domain;

import ch.iiz.events.cases.ExclusionCriterion;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The personal data case-service owns, each by its field path: the path is bound into the sealed value (with the
 * client id), so a value sealed for one field cannot be read as another. Sealing and opening use these paths only.
 */
public final class PersonalFields {

    private PersonalFields() {
    }

    public static String provider(String measureId) {
        return "MeasureProposed[" + measureId + "].provider";
    }

    public static String costRefusalReason(String measureId) {
        return "MeasureCostRefused[" + measureId + "].reason";
    }

    public static String cancellationReason(String measureId) {
        return "MeasureCancelled[" + measureId + "].reason";
    }

    /** One sealed text for every participant a consent revocation removes (the decider names them). */
    public static String removalReason() {
        return "ParticipantRemoved.reason";
    }

    /** ExclusionCriterionReported.sealedCriterion and CaseAborted.sealedCriterion: the same fact, told twice. */
    public static String exclusionCriterion(String mandateId) {
        return "ExclusionCriterion[" + mandateId + "]";
    }

    public static String refusalCriteria(String mandateId) {
        return "AmiplusMandateRefused[" + mandateId + "].sealedCriteria";
    }

    /** The health-related criteria among {@code criteria}, as one text to seal; null when there are none. */
    public static String healthCriteriaText(Collection<ExclusionCriterion> criteria) {
        List<String> names = criteria.stream().filter(Objects::nonNull).filter(ExclusionCriterion::healthRelated)
                .sorted().map(Enum::name).toList();
        return names.isEmpty() ? null : String.join(",", names);
    }

    /** The names in an opened criteria text (or the erased marker as it is). */
    public static List<String> criteriaNames(String opened) {
        return opened == null ? List.of() : Arrays.stream(opened.split(",")).filter(x -> !x.isBlank())
                .collect(Collectors.toList());
    }
}
