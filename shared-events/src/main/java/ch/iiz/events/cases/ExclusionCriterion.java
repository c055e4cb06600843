package ch.iiz.events.cases;

/** The six AMIplus exclusion criteria (seed 001). */
public enum ExclusionCriterion {
    PERMANENT_WORK_INCAPACITY_OVER_80_PERCENT,
    ACUTE_ADDICTION,
    GERMAN_BELOW_A2,
    NO_WORK_PERMIT,
    ENTERING_PRISON,
    CHILDCARE_NOT_ARRANGED;

    /**
     * Health-related criteria are personal data of the client (DOMAIN.md "Personal data"): they never travel in clear;
     * events carry them sealed with the client's key ({@code sealedCriterion}, {@code sealedCriteria}).
     */
    public boolean healthRelated() {
        return this == PERMANENT_WORK_INCAPACITY_OVER_80_PERCENT || this == ACUTE_ADDICTION;
    }
}
