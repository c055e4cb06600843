package ch.iiz.events;

/** What kind of work a case is. */
public enum Program {
    AMIPLUS,
    OPTIMA,
    /** Plain inter-institutional cooperation without a priced program. */
    COOPERATION
}
