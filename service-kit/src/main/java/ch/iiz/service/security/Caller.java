package ch.iiz.service.security;

import ch.iiz.events.Actor;
import ch.iiz.events.InstitutionType;
import ch.iiz.service.access.AccessRule;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * The institution behind the current request, read from its verified JWT. Who may do what with it is decided by
 * {@link ch.iiz.service.access.Access} alone.
 */
@RequestScoped
public class Caller {

    public static final String ROLE_CASEWORKER = AccessRule.ROLE_CASEWORKER;
    public static final String ROLE_MUNICIPALITY = AccessRule.ROLE_MUNICIPALITY;
    public static final String ROLE_AUDITOR = AccessRule.ROLE_AUDITOR;
    public static final String ROLE_OPS = AccessRule.ROLE_OPS;
    public static final String ROLE_ADMIN = AccessRule.ROLE_ADMIN;

    public static final String CLAIM_INSTITUTION_ID = "institution_id";
    public static final String CLAIM_INSTITUTION_TYPE = "institution_type";
    public static final String CLAIM_CANTON = "canton";
    public static final String CLAIM_MUNICIPALITY = "municipality";

    @Inject
    JsonWebToken jwt;

    public String institutionId() {
        String id = jwt.getClaim(CLAIM_INSTITUTION_ID);
        if (id == null || id.isBlank()) {
            // A token without an institution cannot be scoped: treat it as not authenticated for our purposes.
            throw ProblemException.forbidden("token", "institution-claim-required",
                    "the token carries no " + CLAIM_INSTITUTION_ID + " claim");
        }
        return id;
    }

    public InstitutionType institutionType() {
        String type = jwt.getClaim(CLAIM_INSTITUTION_TYPE);
        try {
            return InstitutionType.valueOf(type);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.forbidden("token", "institution-type-claim-required",
                    "the token's " + CLAIM_INSTITUTION_TYPE + " claim must be one of the known institution types");
        }
    }

    public String canton() {
        return jwt.getClaim(CLAIM_CANTON);
    }

    public String municipality() {
        return jwt.getClaim(CLAIM_MUNICIPALITY);
    }

    public Set<String> roles() {
        Set<String> groups = jwt.getGroups();
        return groups == null ? Set.of() : groups;
    }

    public String subject() {
        return jwt.getSubject();
    }

    public boolean hasRole(String role) {
        return roles().contains(role);
    }

    public boolean isAuditor() {
        return hasRole(ROLE_AUDITOR);
    }

    /** The caller as the actor of an event. */
    public Actor actor(String role) {
        return new Actor(institutionId(), institutionType(), role);
    }
}
