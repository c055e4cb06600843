package ch.iiz.reporting.kpi;

import ch.iiz.events.Program;
import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import ch.iiz.service.web.QueryParams;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

@Path("/kpis")
@Authenticated
@Tag(name = "KPIs")
@Produces(MediaType.APPLICATION_JSON)
public class KpiResource {

    @Inject
    Caller caller;
    @Inject
    KpiQueries queries;
    @Inject
    Access access;
    @Inject
    Clock clock;

    @GET
    @Operation(summary = "Open cases by program and phase, handovers and time to answer, phase durations, reports due "
            + "and overdue, costs per case and municipality, outcomes (a hire from a shared vacancy among them), aborts by "
            + "reason, detachment rate (Ablösequote); Hessen: courses announced, confirmed and cancelled, seat use by "
            + "institution and legal domain, vacancy proposals and hires")
    public KpiQueries.Kpis kpis(@QueryParam("from") @Schema(examples = "2026-01-01") String from,
                                @QueryParam("to") @Schema(examples = "2026-12-31") String to,
                                @QueryParam("canton") @Schema(examples = "AG") String canton,
                                @QueryParam("municipality") @Schema(examples = "Menziken") String municipality,
                                @QueryParam("program") @Schema(examples = "AMIPLUS") String program,
                                @QueryParam("lead") @Schema(examples = "RAV-AG-AARAU") String lead) {
        Access.CaseFilter scope = access.caseFilter(caller, "cf.case_id");
        if (canton != null && !canton.matches("[A-Z]{2}")) {
            throw ProblemException.badRequest("canton", "canton", "canton is a two-letter code such as AG");
        }
        Program p = QueryParams.oneOf("program", program, Program.class);
        return queries.kpis(scope, new KpiQueries.Filter(QueryParams.date("from", from, null, clock),
                QueryParams.date("to", to, null, clock), canton, QueryParams.text("municipality", municipality, 100),
                p == null ? null : p.name(), QueryParams.id("lead", lead)));
    }
}
