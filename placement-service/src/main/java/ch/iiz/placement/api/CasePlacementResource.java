package ch.iiz.placement.api;

import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.IdFormat;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** What joint measure planning and shared vacancies recorded on one case, for those who may read the case. */
@Path("/cases/{caseId}/placements")
@Authenticated
@Tag(name = "Joint measure planning")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "404", description = "No such case among those the caller takes part in")
public class CasePlacementResource {

    @Inject
    Caller caller;
    @Inject
    Access access;
    @Inject
    PlacementQueries queries;

    public record CasePlacements(String caseId, List<PlacementQueries.Reservation> reservations,
                                 List<PlacementQueries.Proposal> vacancyProposals) {
    }

    @GET
    @Operation(summary = "The case's seat reservations (held, confirmed, released) and the vacancies proposed to it, "
            + "with their outcomes")
    public CasePlacements placements(@PathParam("caseId") @IdFormat String caseId) {
        access.requireRead(caller, caseId);
        return new CasePlacements(caseId, queries.reservationsOfCase(caseId), queries.proposalsOfCase(caseId));
    }
}
