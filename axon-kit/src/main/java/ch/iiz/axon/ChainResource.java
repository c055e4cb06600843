package ch.iiz.axon;

import ch.iiz.events.audit.ChainAnchored;
import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.web.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * Tamper evidence at the source, for every event-sourced service: the auditor verifies a case's chain against the
 * events as the store holds them now; anchors over all chain heads are published on demand and every
 * {@code iiz.audit.anchor-every} ({@link ChainAnchorJob}).
 */
@Path("/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class ChainResource {

    private static final Logger LOG = Logger.getLogger(ChainResource.class);

    @Inject
    Caller caller;
    @Inject
    Access access;
    @Inject
    ChainVerifier verifier;
    @Inject
    ChainAnchors anchors;
    @Inject
    Clock clock;

    @GET
    @Path("/cases/{caseId}/chain")
    @Operation(summary = "Verifies the case's hash chain against its stored events; names the first broken sequence")
    public ChainVerifier.Report chain(@PathParam("caseId") @IdFormat String caseId) {
        access.requireAudit(caller, caseId);
        ChainVerifier.Report report = verifier.verify(caseId);
        if (report == null) {
            throw ProblemException.notFound("no events of case " + caseId + " in this service");
        }
        LOG.infof("auditor-read institution=%s subject=%s case=%s view=chain intact=%s", caller.institutionId(),
                caller.subject(), caseId, report.intact());
        return report;
    }

    @POST
    @Path("/anchors")
    @Operation(summary = "Anchors the event store now (auditors and operations): a digest over all case chain heads, "
            + "kept and published to iiz.audit.anchors")
    public Response anchor() {
        access.requireAnchors(caller);
        ChainAnchored anchor = anchors.anchor("ON_DEMAND", Duration.ZERO, clock);
        return Response.status(Response.Status.CREATED).entity(anchor).build();
    }
}
