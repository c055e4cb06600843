package ch.iiz.events.cases;

/** How a case ended when it was closed rather than aborted. */
public enum CaseOutcome {
    PERMANENT_JOB_FIRST_LABOUR_MARKET,
    DETACHED_FROM_SOCIAL_ASSISTANCE,
    OTHER
}
