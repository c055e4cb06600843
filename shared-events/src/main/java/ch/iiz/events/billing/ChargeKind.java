package ch.iiz.events.billing;

/** What a charge is for (tariffs in DOMAIN.md, "Billing rules"). */
public enum ChargeKind {
    /** AMIplus phase 1: CHF 300 once per assessment. */
    AMIPLUS_PHASE_1_FLAT,
    /** AMIplus phases 2 and 3: CHF 10 per calendar day. */
    AMIPLUS_DAILY,
    /** An external measure at its approved amount. */
    EXTERNAL_MEASURE,
    /** OPTIMA: CHF 300 per started month of case lead. */
    OPTIMA_LEAD_MONTH,
    /** A correction of an earlier charge on an issued invoice (may be negative). */
    CORRECTION,
    /** Hessen joint measure planning: the organiser's price per seat of a confirmed course, per reserving institution. */
    COURSE_SEAT
}
