package ch.iiz.referral.api;

/**
 * The personal data referral-service owns (the reasons of handovers and their answers), each by its field path: the
 * path is bound into the sealed value with the client id, so a value cannot be read as another field or client's.
 */
public final class PersonalFields {

    private PersonalFields() {
    }

    public static String proposalReason(String handoverId) {
        return "LeadHandoverProposed[" + handoverId + "].reason";
    }

    public static String declineReason(String handoverId) {
        return "LeadHandoverDeclined[" + handoverId + "].reason";
    }

    public static String withdrawalReason(String handoverId) {
        return "LeadHandoverWithdrawn[" + handoverId + "].reason";
    }
}
