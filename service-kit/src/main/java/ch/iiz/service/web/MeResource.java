package ch.iiz.service.web;

import ch.iiz.service.security.Caller;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;
import java.util.TreeSet;

/** Who the service thinks the caller is: the quickest way to check a token. */
@Path("/me")
@Authenticated
@Tag(name = "Identity")
public class MeResource {

    @Inject
    Caller caller;

    /** The caller's institution and roles as this service reads them from the token. */
    public record Me(String subject, String institutionId, String institutionType, String canton, String municipality,
                     Set<String> roles) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The institution and roles of the calling token")
    public Me me() {
        return new Me(caller.subject(), caller.institutionId(), caller.institutionType().name(), caller.canton(),
                caller.municipality(), new TreeSet<>(caller.roles()));
    }
}
