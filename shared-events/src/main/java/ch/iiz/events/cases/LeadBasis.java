package ch.iiz.events.cases;

/** Why an institution leads a case. */
public enum LeadBasis {
    /** The opening institution leads until another decision arrives. */
    OPENING,
    /** Aargau: ALV and IV entitlement, the IV office leads. */
    AARGAU_IV_ALV,
    /** Aargau AMIplus: the RAV leads while the mandate runs. */
    AMIPLUS_MANDATE,
    /** Aargau AMIplus: the mandate ended, the municipality leads again. */
    AMIPLUS_MANDATE_ENDED,
    /** Luzern OPTIMA: an accepted handover. */
    OPTIMA_HANDOVER,
    /** Luzern OPTIMA: the handover ended, the lead returned to the commissioning institution. */
    OPTIMA_RETURN,
    /** Hessen: a refugee labour-market office routed the person to the competent institution. */
    HESSEN_ROUTING,
    /** Hessen: youth employment agency, several co-leading partners with one coordinating lead. */
    HESSEN_YOUTH_AGENCY,
    /** The consent in force stopped naming the lead institution; the lead returned to the opening institution. */
    CONSENT_WITHDRAWN,
    /** The entitlements that decided the lead changed; the lead returned to the opening institution. */
    ENTITLEMENTS_CHANGED
}
