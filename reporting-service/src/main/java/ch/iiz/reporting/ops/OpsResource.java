package ch.iiz.reporting.ops;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** For operations: topics, lag, dead letters, and rebuilding the projections by replay. */
@Path("/ops")
@RolesAllowed("ops")
@Tag(name = "Operations")
@Produces(MediaType.APPLICATION_JSON)
public class OpsResource {

    @Inject
    TopicMonitor monitor;
    @Inject
    ProjectionRebuild rebuild;

    @GET
    @Path("/topics")
    @Operation(summary = "Each topic with partitions, end offsets and recent rate; each consumer group's lag per "
            + "partition; the dead-letter topics with counts and the latest reasons (fresh=true samples now)")
    public TopicMonitor.Snapshot topics(@QueryParam("fresh") boolean fresh) {
        return fresh ? monitor.sample() : monitor.snapshot();
    }

    @POST
    @Path("/projections/rebuild")
    @Operation(summary = "Rebuild the KPI projections from offset zero into fresh tables, switching over when caught up")
    public Response startRebuild() {
        return Response.accepted(rebuild.start()).build();
    }

    @GET
    @Path("/projections/rebuild")
    @Operation(summary = "Progress of the running or last rebuild: events done, total, rate, estimated seconds left")
    public ProjectionRebuild.Progress rebuildProgress() {
        return rebuild.progress();
    }
}
