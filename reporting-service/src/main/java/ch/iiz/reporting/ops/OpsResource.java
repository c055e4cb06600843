package ch.iiz.reporting.ops;

import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.QueryParams;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** For operations: topics, lag, dead letters, and rebuilding the projections by replay. */
@Path("/ops")
@Authenticated
@Tag(name = "Operations")
@Produces(MediaType.APPLICATION_JSON)
public class OpsResource {

    @Inject
    Caller caller;
    @Inject
    Access access;
    @Inject
    TopicMonitor monitor;
    @Inject
    ProjectionRebuild rebuild;

    @GET
    @Path("/topics")
    @Operation(summary = "Each topic with partitions, end offsets and recent rate; each consumer group's lag per "
            + "partition; the dead-letter topics with counts and the latest reasons (fresh=true samples now)")
    public TopicMonitor.Snapshot topics(@QueryParam("fresh") @Parameter(description = "true or false") String freshParam) {
        access.requireReadOperations(caller);
        boolean fresh = "true".equals(QueryParams.oneOf("fresh", freshParam, "true", "false"));
        return fresh ? monitor.sample() : monitor.snapshot();
    }

    @POST
    @Path("/projections/rebuild")
    @Operation(summary = "Rebuild the KPI projections from offset zero into fresh tables, switching over when caught up")
    public Response startRebuild() {
        access.requireRunOperations(caller);
        return Response.accepted(rebuild.start()).build();
    }

    @GET
    @Path("/projections/rebuild")
    @Operation(summary = "Progress of the running or last rebuild: events done, total, records left out because the "
            + "live ingest refused them (refusedLeftOut; they are in the dead letters), rate, estimated seconds left")
    public ProjectionRebuild.Progress rebuildProgress() {
        access.requireReadOperations(caller);
        return rebuild.progress();
    }
}
