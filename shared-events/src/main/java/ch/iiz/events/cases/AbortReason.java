package ch.iiz.events.cases;

/** The eight reasons an AMIplus mandate is aborted (seed 001). */
public enum AbortReason {
    EXCLUSION_CRITERION,
    CLIENT_MOVED_AWAY,
    MUNICIPALITY_REQUEST,
    RAV_DECISION_AFTER_CONSULTATION,
    INTEGRATION_ADVISOR_ASSESSMENT,
    TOO_LONG_WITHOUT_SUCCESS,
    LACK_OF_COOPERATION,
    NO_COST_APPROVAL
}
