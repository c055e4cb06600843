package ch.iiz.reporting.kpi;

import ch.iiz.events.Program;
import ch.iiz.service.security.Caller;
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

import java.time.LocalDate;

@Path("/kpis")
@Authenticated
@Tag(name = "KPIs")
@Produces(MediaType.APPLICATION_JSON)
public class KpiResource {

    @Inject
    Caller caller;
    @Inject
    KpiQueries queries;

    @GET
    @Operation(summary = "Open cases by program and phase, handovers and time to answer, phase durations, reports due "
            + "and overdue, costs per case and municipality, outcomes, aborts by reason, detachment rate (Ablösequote)")
    public KpiQueries.Kpis kpis(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                @QueryParam("canton") @Schema(examples = "AG") String canton,
                                @QueryParam("municipality") @Schema(examples = "Menziken") String municipality,
                                @QueryParam("program") Program program,
                                @QueryParam("lead") @Schema(examples = "RAV-AG-AARAU") String lead) {
        return queries.kpis(caller, new KpiQueries.Filter(from, to, canton, municipality,
                program == null ? null : program.name(), lead));
    }
}
