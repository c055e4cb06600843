package ch.iiz.events;

/** Legal domains under which a client can be entitled to benefits, often several at once. */
public enum Benefit {
    /** Unemployment insurance (AVIG), paid through the RAV. */
    ALV,
    /** Disability insurance, vocational integration. */
    IV,
    /** Municipal social assistance. */
    SOCIAL_ASSISTANCE,
    /** Germany: basic income support for jobseekers (Jobcenter). */
    SGB_II,
    /** Germany: employment promotion (Agentur für Arbeit). */
    SGB_III
}
