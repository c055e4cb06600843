package ch.iiz.placement.api;

import ch.iiz.axon.CommandPath;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.placement.VacancyOutcome;
import ch.iiz.events.registry.InstitutionRegistered;
import ch.iiz.placement.axon.VacancyTarget;
import ch.iiz.placement.cases.CaseFactsStore;
import ch.iiz.placement.domain.VacancyCommand;
import ch.iiz.placement.domain.VacancyCommand.ProposeVacancy;
import ch.iiz.placement.domain.VacancyCommand.RecordOutcome;
import ch.iiz.placement.domain.VacancyCommand.RecordVacancy;
import ch.iiz.service.access.Access;
import ch.iiz.service.registry.Institutions;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.FactDate;
import ch.iiz.service.validation.FreeText;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.validation.PlannedDate;
import ch.iiz.service.web.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Hessen shared vacancies: an employment agency records them; the job centres, employment agencies and municipal
 * offices of its cooperation see them (service-kit AccessRule.readVacancy) and propose them to their cases; the
 * outcome is recorded on the case. A vacancy the caller may not see does not exist for it (404).
 */
@Path("/vacancies")
@Authenticated
@Tag(name = "Shared vacancies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed input; the problem names the field and the rule")
@APIResponse(responseCode = "404", description = "No such vacancy shared with the caller, or no such case among "
        + "those the caller takes part in")
@APIResponse(responseCode = "409", description = "A rule refused it, e.g. an outcome after a final one")
public class VacancyResource {

    private static final String IDEMPOTENCY = "Idempotency-Key";
    private static final String IF_MATCH = "If-Match";

    @Inject
    Caller caller;
    @Inject
    CommandPath commands;
    @Inject
    Access access;
    @Inject
    Institutions institutions;
    @Inject
    PlacementQueries queries;
    @Inject
    CaseFactsStore caseFacts;
    @Inject
    Clock clock;

    public record Record(
            @NotBlank @FreeText(max = 200) @Schema(examples = "Fachkraft Lagerlogistik",
                    description = "The job, never a person") String occupation,
            @NotNull @Max(100) @Schema(examples = "100") Integer workloadPercent,
            @NotNull @PlannedDate @Schema(examples = "2026-06-30") LocalDate validUntil,
            @FactDate @Schema(description = "Default: today") LocalDate recordedOn) {
    }

    public record Propose(
            @NotNull @IdFormat @Schema(examples = "c0a80164-0000-4000-8000-000000000001") String caseId,
            @FactDate @Schema(description = "Default: today") LocalDate proposedOn) {
    }

    public record Outcome(
            @NotNull @Schema(examples = "HIRED", description = "APPLIED, then HIRED or REJECTED (final)") VacancyOutcome outcome,
            @FactDate @Schema(description = "Default: today") LocalDate outcomeDate) {
    }

    @GET
    @Operation(summary = "The vacancies shared with the caller's institution (job centres, employment agencies and "
            + "municipal offices of the same cooperation)")
    public List<PlacementQueries.Vacancy> list() {
        InstitutionRegistered me = institutions.find(caller.institutionId()).orElse(null);
        return queries.vacancies().stream().filter(v -> sees(me, v)).toList();
    }

    @GET
    @Path("/{vacancyId}")
    @Operation(summary = "One shared vacancy")
    public Response one(@PathParam("vacancyId") @IdFormat String vacancyId) {
        PlacementQueries.Vacancy vacancy = requireVisible(vacancyId);
        return Response.ok(vacancy).tag(Long.toString(vacancy.version())).build();
    }

    @POST
    @Operation(summary = "An employment agency records a vacancy shared with its cooperation (its region in the registry)")
    @APIResponse(responseCode = "201", description = "Recorded")
    @APIResponse(responseCode = "403", description = "The caller is no employment agency")
    public Response record(@HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull Record body) {
        InstitutionRegistered me = institutions.require("agencyInstitutionId", caller.institutionId());
        access.requireRecordVacancy(caller, me.institutionType());
        String vacancyId = "vac-" + UUID.randomUUID();
        return execute(vacancyId, null, key, body, new RecordVacancy(caller.institutionId(), vacancyId,
                body.occupation(), body.workloadPercent(), me.canton(), body.validUntil(),
                orToday(body.recordedOn())), true);
    }

    @POST
    @Path("/{vacancyId}/proposals")
    @Operation(summary = "Propose the vacancy to the client of a case the caller takes part in; recorded on the case")
    @APIResponse(responseCode = "201", description = "Proposed")
    public Response propose(@PathParam("vacancyId") @IdFormat String vacancyId, @HeaderParam(IF_MATCH) String ifMatch,
                            @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull Propose body) {
        access.requireWrite(caller, body.caseId()); // 404 before anything about the vacancy
        requireVisible(vacancyId);
        return execute(vacancyId, ifMatch, key, body, new ProposeVacancy(caller.institutionId(), body.caseId(),
                caseFacts.of(body.caseId()), orToday(body.proposedOn())), false);
    }

    @POST
    @Path("/{vacancyId}/proposals/{caseId}/outcome")
    @Operation(summary = "Record what came of the proposal: APPLIED, HIRED or REJECTED (a hire counts in the outcome KPIs)")
    public Response outcome(@PathParam("vacancyId") @IdFormat String vacancyId, @PathParam("caseId") @IdFormat String caseId,
                            @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                            @Valid @NotNull Outcome body) {
        access.requireWrite(caller, caseId);
        requireVisible(vacancyId);
        return execute(vacancyId, ifMatch, key, body, new RecordOutcome(caller.institutionId(), caseId,
                caseFacts.of(caseId), body.outcome(), orToday(body.outcomeDate())), false);
    }

    private Response execute(String vacancyId, String ifMatch, String key, Object request, VacancyCommand command,
                             boolean created) {
        return commands.executeOn(caller, ifMatch, key, "POST /vacancies/" + vacancyId + "/"
                        + command.getClass().getSimpleName(), request,
                expected -> new VacancyTarget(vacancyId, expected, command), () -> {
                    PlacementQueries.Vacancy vacancy = queries.vacancy(vacancyId).orElseThrow();
                    Response.ResponseBuilder response = created
                            ? Response.created(URI.create("/vacancies/" + vacancyId)).entity(vacancy)
                            : Response.ok(vacancy);
                    return response.tag(Long.toString(vacancy.version())).build();
                });
    }

    private PlacementQueries.Vacancy requireVisible(String vacancyId) {
        InstitutionRegistered me = institutions.find(caller.institutionId()).orElse(null);
        return queries.vacancy(vacancyId).filter(v -> sees(me, v))
                .orElseThrow(() -> ProblemException.notFound("no vacancy " + vacancyId + " shared with you"));
    }

    private boolean sees(InstitutionRegistered me, PlacementQueries.Vacancy v) {
        InstitutionType type = me == null ? null : me.institutionType();
        return access.seesVacancy(caller, type, me == null ? null : me.canton(), v.region());
    }

    private LocalDate orToday(LocalDate date) {
        return date == null ? LocalDate.now(clock) : date;
    }
}
