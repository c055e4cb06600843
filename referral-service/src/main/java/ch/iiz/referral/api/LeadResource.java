package ch.iiz.referral.api;

import ch.iiz.axon.CommandPath;
import ch.iiz.referral.domain.LeadCommand;
import ch.iiz.referral.domain.LeadCommand.*;
import ch.iiz.referral.domain.LeadState;
import ch.iiz.service.access.Access;
import ch.iiz.service.privacy.ClientKeys;
import ch.iiz.service.registry.Institutions;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.FactDate;
import ch.iiz.service.validation.FreeText;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.validation.PlannedDate;
import ch.iiz.service.web.QueryParams;
import ch.iiz.service.web.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Handing over the case lead (Fallführung): OPTIMA proposals and answers, Hessen routing and youth agencies, and
 * who led each case when. An institution that does not take part in a case gets 404.
 */
@Path("/")
@Authenticated
@Tag(name = "Case lead")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed input; the problem names the field and the rule")
@APIResponse(responseCode = "404", description = "No such case among those the caller takes part in")
@APIResponse(responseCode = "409", description = "A rule refused it, e.g. an institution outside the consent")
public class LeadResource {

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
    LeadQueries queries;
    @Inject
    Clock clock;
    @Inject
    ClientKeys keys;
    @ConfigProperty(name = "iiz.referral.answer-days", defaultValue = "14")
    int answerDays;
    @ConfigProperty(name = "iiz.referral.default-handover-months", defaultValue = "6")
    int defaultHandoverMonths;
    @ConfigProperty(name = "iiz.referral.max-handover-months", defaultValue = "12")
    int maxHandoverMonths;

    public record Propose(
            @NotNull @IdFormat @Schema(examples = "IV-LU-WAS") String toInstitutionId,
            @NotBlank @FreeText @Schema(examples = "health limitations dominate the integration goals") String reason,
            @PlannedDate @Schema(description = "Last day of the handover; default: 6 months from the proposal")
            LocalDate plannedEndOn,
            @PlannedDate @Schema(description = "Last day to answer; default: 14 days from the proposal") LocalDate answerDueOn,
            @FactDate LocalDate proposedOn) {
    }

    public record Answer(@FreeText String reason, @FactDate LocalDate on) {
    }

    public record Extend(@NotNull @PlannedDate LocalDate newLeadUntil, @FactDate LocalDate extendedOn) {
    }

    public record Recall(@FactDate @Schema(description = "The day the lead returns; default today") LocalDate recalledOn) {
    }

    public record Route(@NotNull @IdFormat String toInstitutionId, @FactDate LocalDate routedOn) {
    }

    public record YouthAgency(@NotNull @IdFormat String coordinatingInstitutionId,
                              @NotEmpty @Size(max = 20) List<@NotNull @IdFormat String> coLeadInstitutionIds,
                              @FactDate LocalDate effectiveOn) {
    }

    @GET
    @Path("/cases/{caseId}/lead")
    @Operation(summary = "Who leads the case now, its handovers, and who led it when (lead history)")
    public Response lead(@PathParam("caseId") @IdFormat String caseId) {
        access.requireRead(caller, caseId);
        LeadState state = queries.state(caseId);
        LeadView view = LeadView.of(state, keys.opener(state.facts().clientId()));
        return Response.ok(view).tag(Long.toString(view.version())).build();
    }

    @GET
    @Path("/cases/{caseId}/handovers/{handoverId}")
    @Operation(summary = "One handover")
    public LeadState.Handover handover(@PathParam("caseId") @IdFormat String caseId, @PathParam("handoverId") @IdFormat String handoverId) {
        access.requireRead(caller, caseId);
        LeadState state = queries.state(caseId);
        LeadState.Handover h = state.handovers().get(handoverId);
        if (h == null) {
            throw ProblemException.notFound("no handover " + handoverId + " in case " + caseId);
        }
        return LeadView.opened(h, keys.opener(state.facts().clientId()));
    }

    @GET
    @Path("/handovers")
    @Operation(summary = "Proposals waiting for the caller's institution (incoming) or sent by it (outgoing)")
    public List<LeadQueries.HandoverSummary> handovers(
            @QueryParam("direction") @Parameter(description = "incoming (default) or outgoing") String direction,
            @QueryParam("status") @Parameter(description = "PROPOSED, ACCEPTED, DECLINED, WITHDRAWN, ENDED or CANCELLED")
            String status) {
        String dir = direction == null ? "incoming" : QueryParams.oneOf("direction", direction, "incoming", "outgoing");
        QueryParams.oneOf("status", status, "PROPOSED", "ACCEPTED", "DECLINED", "WITHDRAWN", "ENDED", "CANCELLED");
        java.util.Map<String, ClientKeys.Opener> openers = new java.util.HashMap<>();
        return queries.list(access.caseFilter(caller, "case_id"), caller.institutionId(), dir.equals("incoming"), status)
                .stream().map(h -> h.withReason(openers.computeIfAbsent(h.caseId(),
                                id -> keys.opener(queries.state(id).facts().clientId()))
                        .open(PersonalFields.proposalReason(h.handoverId()), h.reason()))).toList();
    }

    @POST
    @Path("/cases/{caseId}/handovers")
    @Operation(summary = "OPTIMA: propose that another institution takes over the lead, with the reason")
    @APIResponse(responseCode = "201", description = "Proposed")
    public Response propose(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                            @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull Propose body) {
        LocalDate on = orToday(body.proposedOn());
        String id = "ho-" + UUID.randomUUID();
        access.requireWrite(caller, caseId); // 404 before anything about the institutions named
        institutions.require("toInstitutionId", body.toInstitutionId());
        return execute(caseId, ifMatch, key, body, new ProposeHandover(caller.institutionId(), id,
                body.toInstitutionId(), seal(caseId, PersonalFields.proposalReason(id), body.reason()), on,
                body.answerDueOn() == null ? on.plusDays(answerDays) : body.answerDueOn(),
                body.plannedEndOn() == null ? on.plusMonths(defaultHandoverMonths).minusDays(1) : body.plannedEndOn(),
                maxHandoverMonths), id);
    }

    @POST
    @Path("/cases/{caseId}/handovers/{handoverId}/acceptance")
    @Operation(summary = "OPTIMA: the proposed institution accepts; it leads until the handover's end")
    public Response accept(@PathParam("caseId") @IdFormat String caseId, @PathParam("handoverId") @IdFormat String handoverId,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                           @Valid Answer body) {
        return execute(caseId, ifMatch, key, body == null ? "" : body,
                new AcceptHandover(caller.institutionId(), handoverId, orToday(body == null ? null : body.on())), null);
    }

    @POST
    @Path("/cases/{caseId}/handovers/{handoverId}/decline")
    @Operation(summary = "OPTIMA: the proposed institution declines, with the reason")
    public Response decline(@PathParam("caseId") @IdFormat String caseId, @PathParam("handoverId") @IdFormat String handoverId,
                            @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                            @Valid @NotNull Answer body) {
        return execute(caseId, ifMatch, key, body,
                new DeclineHandover(caller.institutionId(), handoverId,
                        seal(caseId, PersonalFields.declineReason(handoverId), body.reason()), orToday(body.on())), null);
    }

    @POST
    @Path("/cases/{caseId}/handovers/{handoverId}/withdrawal")
    @Operation(summary = "OPTIMA: the proposing institution withdraws an unanswered proposal")
    public Response withdraw(@PathParam("caseId") @IdFormat String caseId, @PathParam("handoverId") @IdFormat String handoverId,
                             @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                             @Valid Answer body) {
        return execute(caseId, ifMatch, key, body == null ? "" : body,
                new WithdrawHandover(caller.institutionId(), handoverId, body == null ? null
                        : seal(caseId, PersonalFields.withdrawalReason(handoverId), body.reason()),
                        orToday(body == null ? null : body.on())), null);
    }

    @POST
    @Path("/cases/{caseId}/handovers/{handoverId}/extension")
    @Operation(summary = "OPTIMA: the commissioning institution extends a running handover before it ends "
            + "(at most 12 months in total, consent checked again)")
    public Response extend(@PathParam("caseId") @IdFormat String caseId, @PathParam("handoverId") @IdFormat String handoverId,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                           @Valid @NotNull Extend body) {
        return execute(caseId, ifMatch, key, body, new ExtendHandover(caller.institutionId(),
                handoverId, body.newLeadUntil(), orToday(body.extendedOn()), maxHandoverMonths), null);
    }

    @POST
    @Path("/cases/{caseId}/handovers/{handoverId}/recall")
    @Operation(summary = "OPTIMA: the commissioning institution takes the lead back before the handover's end")
    public Response recall(@PathParam("caseId") @IdFormat String caseId, @PathParam("handoverId") @IdFormat String handoverId,
                           @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                           @Valid Recall body) {
        return execute(caseId, ifMatch, key, body == null ? "" : body, new RecallHandover(caller.institutionId(),
                handoverId, orToday(body == null ? null : body.recalledOn())), null);
    }

    @POST
    @Path("/cases/{caseId}/routing")
    @Operation(summary = "Hessen: a refugee labour-market office routes the person to the competent institution")
    public Response route(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                          @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull Route body) {
        access.requireWrite(caller, caseId); // 404 before anything about the institutions named
        institutions.require("toInstitutionId", body.toInstitutionId());
        return execute(caseId, ifMatch, key, body, new RouteClient(caller.institutionId(),
                "rt-" + UUID.randomUUID(), body.toInstitutionId(), orToday(body.routedOn())), null);
    }

    @POST
    @Path("/cases/{caseId}/youth-agency")
    @Operation(summary = "Hessen: a youth employment agency case (client under 25) with co-leading partners")
    public Response youthAgency(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull YouthAgency body) {
        access.requireWrite(caller, caseId); // 404 before anything about the institutions named
        institutions.require("coordinatingInstitutionId", body.coordinatingInstitutionId());
        for (int i = 0; i < body.coLeadInstitutionIds().size(); i++) {
            institutions.require("coLeadInstitutionIds[" + i + "]", body.coLeadInstitutionIds().get(i));
        }
        return execute(caseId, ifMatch, key, body, new FormYouthAgency(caller.institutionId(),
                body.coordinatingInstitutionId(), body.coLeadInstitutionIds(), orToday(body.effectiveOn())), null);
    }

    private Response execute(String caseId, String ifMatch, String key, Object request, LeadCommand command,
                             String createdHandoverId) {
        return commands.execute(caller, caseId, ifMatch, key, "POST /cases/" + caseId + "/"
                + command.getClass().getSimpleName(), request, command, () -> {
                    LeadView view = LeadView.of(queries.state(caseId));
                    Response.ResponseBuilder response = createdHandoverId == null ? Response.ok(view)
                            : Response.created(URI.create("/cases/" + caseId + "/handovers/" + createdHandoverId))
                                    .entity(view);
                    return response.tag(Long.toString(view.version())).build();
                });
    }

    /** Personal data sealed with the client's key before it reaches an event; null stays null. */
    private String seal(String caseId, String field, String clear) {
        if (clear == null) {
            return null;
        }
        access.requireWrite(caller, caseId); // 404 or 403 before anything is read or a key created
        String clientId = queries.state(caseId).facts().clientId();
        if (clientId == null) {
            throw ProblemException.conflict("caseId", "unknown-client",
                    "referral-service has not seen this case's client; its personal data cannot be sealed yet");
        }
        return keys.sealer(clientId).seal(field, clear);
    }

    private LocalDate orToday(LocalDate date) {
        return date == null ? LocalDate.now(clock) : date;
    }
}
