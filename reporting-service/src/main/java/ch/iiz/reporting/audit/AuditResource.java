package ch.iiz.reporting.audit;

import ch.iiz.events.EventEnvelope;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.web.QueryParams;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Timelines for participants; the complete history and any past state of a case for auditors (every read logged). */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    Caller caller;
    @Inject
    EventLog log;
    @Inject
    Clock clock;
    @Inject
    Access access;
    @Inject
    ChainCheck chains;
    @Inject
    Anchors anchorLog;

    @GET
    @Path("/cases/{caseId}/timeline")
    @Tag(name = "Timelines")
    @Operation(summary = "The case's events across all services, in order: who did what, when, as which institution")
    public List<TimelineEntry> timeline(@PathParam("caseId") @IdFormat String caseId) {
        access.requireRead(caller, caseId);
        List<EventEnvelope<IntegrationEvent>> events = log.ofCase(caseId);
        if (caller.hasRole(Caller.ROLE_AUDITOR)) {
            log.recordRead(caller, caseId, "timeline", null);
        }
        return events.stream().map(TimelineEntry::of).toList();
    }

    @GET
    @Path("/audit/cases/{caseId}/history")
    @Tag(name = "Audit")
    @Operation(summary = "The complete history of a case across services, in record order, each event with its "
            + "record time (occurredAt) and business date")
    public List<TimelineEntry> history(@PathParam("caseId") @IdFormat String caseId) {
        access.requireAudit(caller, caseId);
        log.recordRead(caller, caseId, "history", null);
        return log.ofCase(caseId).stream().map(TimelineEntry::of).toList();
    }

    @GET
    @Path("/audit/cases/{caseId}/state")
    @Tag(name = "Audit")
    @Operation(summary = "The case on a business day as known at an instant, replayed from its events",
            description = "Of the events recorded at or before asOf, those whose business date is on or before `on` "
                    + "are applied in business-date order (ties in record order). `on` defaults to today "
                    + "(Europe/Zurich), asOf to now.")
    public CaseAsOf state(@PathParam("caseId") @IdFormat String caseId,
                          @QueryParam("on") @Schema(examples = "2024-04-01") String on,
                          @QueryParam("asOf") @Schema(examples = "2026-05-01T12:00:00Z") String asOf) {
        LocalDate day = day(on);
        Instant at = instant(asOf);
        access.requireAudit(caller, caseId);
        log.recordRead(caller, caseId, "state", at, day);
        return CaseAsOf.replay(caseId, day, at, log.ofCase(caseId));
    }

    @GET
    @Path("/audit/cases/{caseId}/lead-history")
    @Tag(name = "Audit")
    @Operation(summary = "Who led the case from which business day (from) and when each was recorded (recordedAt), "
            + "as known at an instant (default: now)")
    public List<CaseAsOf.LeadPeriod> leadHistory(@PathParam("caseId") @IdFormat String caseId,
                                                 @QueryParam("asOf") @Schema(examples = "2026-05-01T12:00:00Z") String asOf) {
        Instant at = instant(asOf);
        access.requireAudit(caller, caseId);
        log.recordRead(caller, caseId, "lead-history", asOf == null ? null : at);
        return CaseAsOf.replay(caseId, null, at, log.ofCase(caseId)).leadHistory();
    }

    @GET
    @Path("/audit/cases/{caseId}/consent")
    @Tag(name = "Audit")
    @Operation(summary = "The consents in force on a business day (default: today) as known at an instant (default: now)")
    public Map<String, List<String>> consent(@PathParam("caseId") @IdFormat String caseId,
                                             @QueryParam("on") @Schema(examples = "2024-04-01") String on,
                                             @QueryParam("asOf") @Schema(examples = "2026-05-01T12:00:00Z") String asOf) {
        LocalDate day = day(on);
        Instant at = instant(asOf);
        access.requireAudit(caller, caseId);
        log.recordRead(caller, caseId, "consent", at, day);
        return CaseAsOf.replay(caseId, day, at, log.ofCase(caseId)).consentsInForce();
    }

    @GET
    @Path("/audit/cases/{caseId}/chain")
    @Tag(name = "Audit")
    @Operation(summary = "Verifies the case's hash chains as they arrived on the topics; names the first broken link",
            description = "Per source topic, in the order of the aggregate's sequence: each record's hash is recomputed "
                    + "from its value as received and its iiz-prev-hash header, and must equal its iiz-hash header; each "
                    + "previous hash must be the hash of the record before. Records of services without a chained "
                    + "store carry no hash (chained = 0). On the placement topic a stream is a course or a vacancy whose "
                    + "chain also holds other cases' records: the case's own records are each checked against their "
                    + "previous hash, and continuity only between neighbouring sequences.")
    public ChainCheck.Report chain(@PathParam("caseId") @IdFormat String caseId) {
        access.requireAudit(caller, caseId);
        log.recordRead(caller, caseId, "chain", null);
        return chains.verify(caseId);
    }

    @GET
    @Path("/audit/anchors")
    @Tag(name = "Audit")
    @Operation(summary = "The latest anchors of the event stores (auditors and operations), newest first")
    public List<Anchors.Anchor> anchors(@QueryParam("limit") @Schema(examples = "50") String limit) {
        int n = QueryParams.integer("limit", limit, 50, 1, 1000);
        access.requireAnchors(caller);
        return anchorLog.latest(n);
    }

    private Instant instant(String asOf) {
        return asOf == null ? clock.instant() : QueryParams.instant("asOf", asOf, clock);
    }

    private LocalDate day(String on) {
        return QueryParams.date("on", on, LocalDate.now(clock), clock);
    }
}
