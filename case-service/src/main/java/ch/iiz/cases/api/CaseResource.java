package ch.iiz.cases.api;

import ch.iiz.cases.api.CaseRequests.*;
import ch.iiz.cases.domain.CaseCommand;
import ch.iiz.cases.domain.CaseCommand.*;
import ch.iiz.cases.domain.CaseState;
import ch.iiz.cases.domain.OpenCaseCommand;
import ch.iiz.cases.domain.PersonalFields;
import ch.iiz.cases.domain.ReportDeadlines;
import ch.iiz.cases.query.CaseDirectory;
import ch.iiz.cases.query.CaseHistory;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.Program;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.Participant;
import ch.iiz.axon.CommandPath;
import ch.iiz.events.registry.InstitutionRegistered;
import ch.iiz.service.access.Access;
import ch.iiz.service.privacy.ClientKeys;
import ch.iiz.service.web.ProblemException;
import ch.iiz.service.registry.Institutions;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.web.QueryParams;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The case API for institutions' back-office systems. Commands are POSTs on the case and its sub-resources; they
 * accept {@code Idempotency-Key} and honour {@code If-Match}. An institution that does not take part in a case gets 404.
 */
@Path("/cases")
@Authenticated
@Tag(name = "Cases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed input; the problem names the field and the rule")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "404", description = "No such case among those the caller takes part in")
public class CaseResource {

    private static final Logger LOG = Logger.getLogger(CaseResource.class);
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
    CaseDirectory directory;
    @Inject
    CaseHistory history;
    @Inject
    Clock clock;
    @Inject
    ClientKeys keys;

    // ------------------------------------------------------------------ reads

    @GET
    @Operation(summary = "The caller's cases, newest first, filterable by phase, program and status")
    public CaseDirectory.Page list(@QueryParam("phase") @Parameter(description = "1, 2 or 3") String phase,
                                   @QueryParam("program") @Parameter(description = "AMIPLUS, OPTIMA or COOPERATION") String program,
                                   @QueryParam("status") @Parameter(description = "OPEN, ABORTED or CLOSED") String status,
                                   @QueryParam("page") @Parameter(description = "from 0") String page,
                                   @QueryParam("size") @Parameter(description = "1 to " + CaseRequests.MAX_PAGE_SIZE) String size) {
        Program p = QueryParams.oneOf("program", program, Program.class);
        return directory.list(access.caseFilter(caller, "case_id"), QueryParams.optionalInteger("phase", phase, 1, 3),
                p == null ? null : p.name(), QueryParams.oneOf("status", status, "OPEN", "ABORTED", "CLOSED"),
                QueryParams.integer("page", page, 0, 0, QueryParams.MAX_PAGE),
                QueryParams.integer("size", size, 50, 1, CaseRequests.MAX_PAGE_SIZE));
    }

    @GET
    @Path("/{caseId}")
    @Operation(summary = "The case now; its version is the ETag to send as If-Match")
    public Response get(@PathParam("caseId") @IdFormat String caseId) {
        CaseState state = read(caseId);
        CaseView view = CaseView.of(state, keys.opener(state.clientId()));
        return Response.ok(view).tag(Long.toString(view.version())).build();
    }

    @GET
    @Path("/{caseId}/events")
    @Operation(summary = "The case's history: every event of its stream, in order, as published")
    public List<EventEnvelope<CaseEvent>> events(@PathParam("caseId") @IdFormat String caseId) {
        access.requireRead(caller, caseId);
        auditLog(caseId, "history");
        return history.events(caseId);
    }

    @GET
    @Path("/{caseId}/deadlines")
    @Operation(summary = "Reports due, overdue and done, and the municipality's decisions due on overrun phases, as of a date (default today)")
    public List<ch.iiz.events.schedule.AmiplusSchedule.Deadline> deadlines(@PathParam("caseId") @IdFormat String caseId,
                                                    @QueryParam("asOf") @Parameter(description = "yyyy-MM-dd, default today") String asOf) {
        LocalDate on = QueryParams.date("asOf", asOf, today(), clock);
        return ReportDeadlines.asOf(read(caseId), on);
    }

    // ------------------------------------------------------------------ intake

    @POST
    @Operation(summary = "Open a case (intake); the calling institution leads until a lead decision arrives")
    @APIResponse(responseCode = "201", description = "Opened")
    @APIResponse(responseCode = "409", description = "A rule refused it, e.g. a participant outside the consent")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "AMIplus case",
            value = """
                    {"clientId": "cl-7Q2ZK4", "cooperationModel": "AARGAU", "program": "AMIPLUS", "canton": "AG",
                     "entitlements": [{"benefit": "SOCIAL_ASSISTANCE", "institutionId": "SD-AG-MENZIKEN"}],
                     "participants": [{"institutionId": "RAV-AG-AARAU"}],
                     "consent": {"institutionIds": ["SD-AG-MENZIKEN", "RAV-AG-AARAU"], "documentRef": "dms://consent/0815"}}""")))
    public Response open(@HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull OpenCase body) {
        Participant opener = participant("token", caller.institutionId());
        List<Participant> participants = new java.util.ArrayList<>();
        List<ParticipantRequest> named = body.participants() == null ? List.of() : body.participants();
        for (int i = 0; i < named.size(); i++) {
            participants.add(participant("participants[" + i + "].institutionId", named.get(i).institutionId()));
        }
        if (body.entitlements() != null) {
            for (int i = 0; i < body.entitlements().size(); i++) {
                institutions.require("entitlements[" + i + "].institutionId", body.entitlements().get(i).institutionId());
            }
        }
        RecordConsentCommand consent = body.consent() == null ? null : consent(body.consent());
        OpenCaseCommand command = new OpenCaseCommand(UUID.randomUUID().toString(), opener, body.clientId(),
                body.cooperationModel(), body.program(), orToday(body.openedOn()), body.canton(), Boolean.TRUE.equals(body.clientUnder25()),
                body.entitlements() == null ? List.of() : body.entitlements().stream()
                        .map(EntitlementRequest::toEntitlement).toList(), participants, consent);
        return commands.create(caller, key, "POST /cases", body, command, (Object state) -> {
            CaseView view = CaseView.of((CaseState) state);
            return Response.created(URI.create("/cases/" + command.caseId())).tag(Long.toString(view.version()))
                    .entity(view).build();
        });
    }

    // ------------------------------------------------------------------ consent and participants

    @POST
    @Path("/{caseId}/consents")
    @Operation(summary = "Record the client's explicit consent (date, institutions covered, signed form)")
    public Response recordConsent(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                  @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull ConsentRequest body) {
        access.requireWrite(caller, caseId); // 404 before anything about the institutions named
        return run(caseId, ifMatch, key, body, consent(body));
    }

    @POST
    @Path("/{caseId}/consents/{consentId}/revocation")
    @Operation(summary = "Revoke a consent; participants it alone covered leave the case")
    public Response revokeConsent(@PathParam("caseId") @IdFormat String caseId, @PathParam("consentId") @IdFormat String consentId,
                                  @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                                  @Valid RevokeConsent body) {
        LocalDate on = body == null ? null : body.revokedOn();
        // the participants the consent alone covered leave with this reason, sealed like every removal reason
        String reason = sealer(caseId).seal(PersonalFields.removalReason(),
                "consent " + consentId + " revoked");
        return run(caseId, ifMatch, key, body, new RevokeConsentCommand(by(), consentId, orToday(on), reason));
    }

    @POST
    @Path("/{caseId}/participants")
    @Operation(summary = "Add an institution within the client's consent")
    public Response addParticipant(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                   @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull AddParticipant body) {
        access.requireWrite(caller, caseId); // 404 before anything about the institutions named
        return run(caseId, ifMatch, key, body, new AddParticipantCommand(by(),
                participant("participant.institutionId", body.participant().institutionId()), orToday(body.addedOn())));
    }

    @POST
    @Path("/{caseId}/entitlements")
    @Operation(summary = "The client became entitled to a benefit after intake (by the entitled institution or the lead); "
            + "referral-service re-evaluates who leads")
    public Response recordEntitlement(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                      @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull RecordEntitlement body) {
        return run(caseId, ifMatch, key, body, new RecordEntitlementCommand(by(), new ch.iiz.events.cases.Entitlement(
                body.entitlement().benefit(), body.entitlement().institutionId()), orToday(body.validFrom())));
    }

    @POST
    @Path("/{caseId}/entitlements/ending")
    @Operation(summary = "The client's entitlement to a benefit ended; referral-service re-evaluates who leads")
    public Response endEntitlement(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                   @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull EndEntitlement body) {
        return run(caseId, ifMatch, key, body, new EndEntitlementCommand(by(), new ch.iiz.events.cases.Entitlement(
                body.entitlement().benefit(), body.entitlement().institutionId()), orToday(body.endedOn())));
    }

    // ------------------------------------------------------------------ AMIplus

    @POST
    @Path("/{caseId}/mandate")
    @Operation(summary = "AMIplus: the municipality commissions the RAV (mandate with cost approval); phase 1 starts. "
            + "If an exclusion criterion applies, the mandate is refused and the refusal recorded with the criteria.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "mandate",
            value = "{\"ravInstitutionId\": \"RAV-AG-AARAU\", \"costApprovalRef\": \"KG-2026-0815\"}")))
    public Response issueMandate(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                 @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull IssueMandate body) {
        access.requireWrite(caller, caseId); // 404 before anything about the institutions named
        institutions.require("ravInstitutionId", body.ravInstitutionId());
        String mandateId = idOr(body.mandateId(), "man");
        Set<ch.iiz.events.cases.ExclusionCriterion> criteria = body.exclusionCriteria() == null ? Set.of()
                : body.exclusionCriteria();
        String health = PersonalFields.healthCriteriaText(criteria);
        String sealed = health == null ? null
                : sealer(caseId).seal(PersonalFields.refusalCriteria(mandateId), health);
        return run(caseId, ifMatch, key, body, new IssueMandateCommand(by(), mandateId,
                body.ravInstitutionId(), body.costApprovalRef(), orToday(body.issuedOn()), criteria, sealed));
    }

    @POST
    @Path("/{caseId}/exclusion-criteria")
    @Operation(summary = "AMIplus: an exclusion criterion occurred (reported by the municipality or the RAV); the mandate ends, "
            + "the case stays open")
    public Response reportExclusionCriterion(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                             @HeaderParam(IDEMPOTENCY) String key,
                                             @Valid @NotNull ReportExclusionCriterion body) {
        String sealed = null;
        if (body.criterion() != null && body.criterion().healthRelated()) {
            Sealing sealing = sealing(caseId);
            if (sealing.state().mandate() != null) {
                sealed = sealing.sealer().seal(PersonalFields.exclusionCriterion(sealing.state().mandate().mandateId()),
                        body.criterion().name());
            }
        }
        return run(caseId, ifMatch, key, body,
                new ReportExclusionCriterionCommand(by(), body.criterion(), orToday(body.reportedOn()), sealed));
    }

    @POST
    @Path("/{caseId}/phases/{phase}/decision")
    @Operation(summary = "AMIplus: the municipality decides, on the phase's report, whether to continue")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "continue",
            value = "{\"continueProgram\": true, \"nextPhaseStartsOn\": \"2026-03-01\", "
                    + "\"nextPhasePlannedEndOn\": \"2026-12-31\"}")))
    public Response decideContinuation(@PathParam("caseId") @IdFormat String caseId,
                                       @PathParam("phase") @Parameter(description = "1, 2 or 3") String phaseParam,
                                       @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                                       @Valid @NotNull DecideContinuation body) {
        int phase = QueryParams.integer("phase", phaseParam, 0, 1, 3);
        return run(caseId, ifMatch, key, body, new DecideContinuationCommand(by(), phase, body.continueProgram(),
                orToday(body.decidedOn()), body.nextPhaseStartsOn(), body.nextPhasePlannedEndOn()));
    }

    @POST
    @Path("/{caseId}/phases/3/extension")
    @Operation(summary = "AMIplus: the municipality extends phase 3 once, by up to 6 months")
    public Response extendPhaseThree(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                     @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull ExtendPhaseThree body) {
        return run(caseId, ifMatch, key, body,
                new ExtendPhaseThreeCommand(by(), body.newPlannedEndOn(), orToday(body.decidedOn())));
    }

    @POST
    @Path("/{caseId}/integration-plans")
    @Operation(summary = "Record a newly agreed version of the integration plan")
    public Response agreePlan(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                              @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull AgreeIntegrationPlan body) {
        return run(caseId, ifMatch, key, body,
                new AgreeIntegrationPlanCommand(by(), orToday(body.agreedOn()), body.documentRef()));
    }

    @POST
    @Path("/{caseId}/reports")
    @Operation(summary = "Submit a report (integration, progress, pre-end or final); the lead institution reports")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "report",
            value = "{\"kind\": \"INTEGRATION_REPORT\", \"documentRef\": \"dms://report/0815/1\"}")))
    public Response submitReport(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                 @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull SubmitReport body) {
        return run(caseId, ifMatch, key, body, new SubmitReportCommand(by(), idOr(body.reportId(), "rep"), body.kind(),
                orToday(body.submittedOn()), body.documentRef()));
    }

    // ------------------------------------------------------------------ measures

    @POST
    @Path("/{caseId}/measures")
    @Operation(summary = "Propose an external measure with its cost; it waits for the cost approval")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "measure",
            value = "{\"kind\": \"EMPLOYMENT_PROGRAMME\", \"provider\": \"Stiftung Wendepunkt\", "
                    + "\"estimatedCostChf\": \"2400.00\", \"financingInstitutionId\": \"SD-AG-MENZIKEN\"}")))
    public Response proposeMeasure(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                                   @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull ProposeMeasure body) {
        access.requireWrite(caller, caseId); // 404 before anything about the institutions named
        institutions.require("financingInstitutionId", body.financingInstitutionId());
        String measureId = idOr(body.measureId(), "mea");
        return run(caseId, ifMatch, key, body, new ProposeMeasureCommand(by(), measureId,
                body.kind(), sealer(caseId).seal(PersonalFields.provider(measureId), body.provider()),
                body.estimatedCostChf(), body.financingInstitutionId(), orToday(body.proposedOn())));
    }

    @POST
    @Path("/{caseId}/measures/{measureId}/cost-approval")
    @Operation(summary = "The financing institution approves the measure's cost (Kostengutsprache)")
    public Response approveCost(@PathParam("caseId") @IdFormat String caseId, @PathParam("measureId") @IdFormat String measureId,
                                @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                                @Valid @NotNull ApproveMeasureCost body) {
        return run(caseId, ifMatch, key, body, new ApproveMeasureCostCommand(by(), measureId, body.costApprovalId(),
                body.approvedAmountChf(), orToday(body.approvedOn())));
    }

    @POST
    @Path("/{caseId}/measures/{measureId}/cost-refusal")
    @Operation(summary = "The financing institution refuses the measure's cost")
    public Response refuseCost(@PathParam("caseId") @IdFormat String caseId, @PathParam("measureId") @IdFormat String measureId,
                               @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                               @Valid @NotNull RefuseMeasureCost body) {
        return run(caseId, ifMatch, key, body,
                new RefuseMeasureCostCommand(by(), measureId,
                        sealer(caseId).seal(PersonalFields.costRefusalReason(measureId), body.reason()),
                        orToday(body.refusedOn())));
    }

    @POST
    @Path("/{caseId}/measures/{measureId}/start")
    @Operation(summary = "Start an approved measure")
    public Response startMeasure(@PathParam("caseId") @IdFormat String caseId, @PathParam("measureId") @IdFormat String measureId,
                                 @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                                 @Valid StartMeasure body) {
        return run(caseId, ifMatch, key, body,
                new StartMeasureCommand(by(), measureId, orToday(body == null ? null : body.startedOn())));
    }

    @POST
    @Path("/{caseId}/measures/{measureId}/completion")
    @Operation(summary = "Complete a running measure with its final cost, never above the approval")
    public Response completeMeasure(@PathParam("caseId") @IdFormat String caseId, @PathParam("measureId") @IdFormat String measureId,
                                    @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                                    @Valid @NotNull CompleteMeasure body) {
        return run(caseId, ifMatch, key, body,
                new CompleteMeasureCommand(by(), measureId, orToday(body.completedOn()), body.costChf()));
    }

    @POST
    @Path("/{caseId}/measures/{measureId}/cancellation")
    @Operation(summary = "Cancel a measure that has not ended")
    public Response cancelMeasure(@PathParam("caseId") @IdFormat String caseId, @PathParam("measureId") @IdFormat String measureId,
                                  @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                                  @Valid CancelMeasure body) {
        String reason = body == null || body.reason() == null ? null
                : sealer(caseId).seal(PersonalFields.cancellationReason(measureId), body.reason());
        return run(caseId, ifMatch, key, body, new CancelMeasureCommand(by(), measureId,
                orToday(body == null ? null : body.cancelledOn()), reason));
    }

    // ------------------------------------------------------------------ ending

    @POST
    @Path("/{caseId}/abort")
    @Operation(summary = "Abort the AMIplus mandate for one of the eight reasons (the municipality: its request, no cost approval; "
            + "the RAV: its decision after consultation, the advisor's assessment; either: the rest). The mandate ends, "
            + "the lead returns to the municipality, the case stays open")
    public Response abort(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                          @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull AbortCase body) {
        return run(caseId, ifMatch, key, body, new AbortCaseCommand(by(), body.reason(), orToday(body.abortedOn())));
    }

    @POST
    @Path("/{caseId}/close")
    @Operation(summary = "Close the case with its outcome (AMIplus: after the final report)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "job",
            value = "{\"outcome\": \"PERMANENT_JOB_FIRST_LABOUR_MARKET\", \"detachedFromSocialAssistance\": true}")))
    public Response close(@PathParam("caseId") @IdFormat String caseId, @HeaderParam(IF_MATCH) String ifMatch,
                          @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull CloseCase body) {
        return run(caseId, ifMatch, key, body, new CloseCaseCommand(by(), body.outcome(),
                Boolean.TRUE.equals(body.detachedFromSocialAssistance()), orToday(body.closedOn())));
    }

    // ------------------------------------------------------------------ personal data

    @DELETE
    @Path("/{caseId}/personal-data")
    @Operation(summary = "Erase the client's personal data (free text, health-related exclusion criteria) on a recorded "
            + "legal basis: the client's key is deleted, so its sealed data reads as [erased] in every service; history, "
            + "KPIs and invoices stay. Only the institution that opened the case; the erasure itself is recorded and audited")
    @APIResponse(responseCode = "200", description = "Erased")
    @APIResponse(responseCode = "403", description = "The caller did not open the case (or is an auditor or operations)")
    @APIResponse(responseCode = "409", description = "Already erased")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "erasure",
            value = "{\"legalBasis\": \"Art. 32 Abs. 2 lit. c DSG: request of the client, case closed\"}")))
    public Response erasePersonalData(@PathParam("caseId") @IdFormat String caseId,
                                      @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                                      @Valid @NotNull ErasePersonalData body) {
        access.requireWrite(caller, caseId);
        CaseState state = history.state(caseId);
        if (!by().equals(state.openedBy())) {
            throw ProblemException.forbidden("institution", "opener-erases",
                    "only the institution that opened the case erases its client's personal data");
        }
        String clientId = state.clientId();
        return commands.execute(caller, caseId, ifMatch, key, "DELETE /cases/" + caseId + "/personal-data", body,
                new ErasePersonalDataCommand(by(), body.legalBasis(), today()), (Object after) -> {
                    // in the command's transaction: the key goes with the event that records its erasure
                    keys.erase(clientId, by(), body.legalBasis(), clock.instant());
                    CaseView view = CaseView.of((CaseState) after);
                    return Response.ok(view).tag(Long.toString(view.version())).build();
                });
    }

    /** The case as it stands and a sealer for its client, for a command that carries personal data. */
    private record Sealing(CaseState state, ClientKeys.Sealer sealer) {
    }

    private Sealing sealing(String caseId) {
        access.requireWrite(caller, caseId); // 404 or 403 before anything is read or a key created
        CaseState state = history.state(caseId);
        if (state.clientId() == null) {
            throw ProblemException.notFound("no such case");
        }
        return new Sealing(state, keys.sealer(state.clientId()));
    }

    /**
     * A sealer for the case's client, for a command that carries personal data: 404 or 403 before a key is created;
     * the client from the case's summary row, so the case's stream is read once per command (by the aggregate), not
     * twice.
     */
    private ClientKeys.Sealer sealer(String caseId) {
        access.requireWrite(caller, caseId);
        return keys.sealer(directory.clientOf(caseId).orElseThrow(() -> ProblemException.notFound("no such case")));
    }

    // ------------------------------------------------------------------ helpers

    private Response run(String caseId, String ifMatch, String key, Object body, CaseCommand command) {
        return commands.execute(caller, caseId, ifMatch, key, "POST /cases/" + caseId + "/"
                + command.getClass().getSimpleName(), body == null ? "" : body, command, (Object state) -> {
                    CaseView view = CaseView.of((CaseState) state);
                    return Response.ok(view).tag(Long.toString(view.version())).build();
                });
    }

    private CaseState read(String caseId) {
        access.requireRead(caller, caseId);
        CaseState state = history.state(caseId);
        auditLog(caseId, "state");
        return state;
    }

    private void auditLog(String caseId, String what) {
        if (caller.hasRole(Caller.ROLE_AUDITOR)) {
            LOG.infof("auditor-read institution=%s subject=%s case=%s view=%s", caller.institutionId(),
                    caller.subject(), caseId, what);
        }
    }

    private RecordConsentCommand consent(ConsentRequest body) {
        for (int i = 0; i < body.institutionIds().size(); i++) {
            institutions.require("institutionIds[" + i + "]", body.institutionIds().get(i));
        }
        return new RecordConsentCommand(by(), idOr(body.consentId(), "cons"), orToday(body.givenOn()),
                body.institutionIds(), body.documentRef());
    }

    /** A participant as the registry knows it: type, canton and municipality are never taken from a request. */
    private Participant participant(String field, String institutionId) {
        InstitutionRegistered entry = institutions.require(field, institutionId);
        return new Participant(entry.institutionId(), entry.institutionType(), entry.canton(), entry.municipality());
    }

    private String by() {
        return caller.institutionId();
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private LocalDate orToday(LocalDate date) {
        return date == null ? today() : date;
    }

    private static String idOr(String id, String prefix) {
        return id == null || id.isBlank() ? prefix + "-" + UUID.randomUUID() : id;
    }
}
