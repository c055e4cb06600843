package ch.iiz.events;

/**
 * Who caused an event: an institution acting in a role. Scheduled decisions (a handover that expires) carry the
 * role {@code system} and the institution on whose behalf the rule acted.
 */
public record Actor(String institutionId, InstitutionType institutionType, String role) {
    public static final String SYSTEM_ROLE = "system";
}
