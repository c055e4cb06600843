package ch.iiz.events.referral;

/** Why an accepted handover ended. */
public enum HandoverEndReason {
    /** Its end date passed without an extension (Art. 85f AVIG: a handover is lawful only for a limited time). */
    EXPIRED,
    /** The case was closed or aborted. */
    CASE_ENDED,
    /** The commissioning institution took the lead back early. */
    RECALLED,
    /** The consent in force stopped naming the leading institution; the lead returned that day. */
    CONSENT_WITHDRAWN
}
