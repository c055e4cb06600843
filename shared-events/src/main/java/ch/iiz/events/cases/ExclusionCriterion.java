package ch.iiz.events.cases;

/** The six AMIplus exclusion criteria (seed 001). */
public enum ExclusionCriterion {
    PERMANENT_WORK_INCAPACITY_OVER_80_PERCENT,
    ACUTE_ADDICTION,
    GERMAN_BELOW_A2,
    NO_WORK_PERMIT,
    ENTERING_PRISON,
    CHILDCARE_NOT_ARRANGED
}
