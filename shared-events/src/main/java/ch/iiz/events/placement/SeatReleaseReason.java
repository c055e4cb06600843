package ch.iiz.events.placement;

/** Why a reserved seat was freed. */
public enum SeatReleaseReason {
    /** The reserving institution withdrew before the decision date. */
    WITHDRAWN,
    /** The course did not reach its minimum by the decision date. */
    COURSE_CANCELLED
}
