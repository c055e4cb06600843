package ch.iiz.cases.api;

import ch.iiz.cases.query.CaseHistory;
import ch.iiz.events.Actor;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.PersonalDataErased;
import ch.iiz.service.access.Access;
import ch.iiz.service.privacy.ClientKeys;
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
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The auditor's view of erasures: who erased a case's client's personal data, when, and on which legal basis. */
@Path("/audit/cases/{caseId}/erasures")
@Authenticated
@Tag(name = "Audit")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "403", description = "Not an auditor")
@APIResponse(responseCode = "404", description = "No such case")
public class ErasureAuditResource {

    private static final Logger LOG = Logger.getLogger(ErasureAuditResource.class);

    /**
     * One erasure as recorded on the case's stream, and whether the client's key is gone in case-service now
     * ({@code keyErasedAt}).
     */
    public record ErasureRecord(UUID eventId, long sequence, Instant recordedAt, Actor actor, String clientId,
                                String erasedBy, LocalDate erasedOn, String legalBasis, Instant keyErasedAt) {
    }

    @Inject
    Caller caller;
    @Inject
    Access access;
    @Inject
    CaseHistory history;
    @Inject
    ClientKeys keys;

    @GET
    @Operation(summary = "Auditors: every erasure of the case's client's personal data (who, when, legal basis)")
    public List<ErasureRecord> erasures(@PathParam("caseId") @IdFormat String caseId) {
        access.requireAudit(caller, caseId);
        LOG.infof("auditor-read institution=%s subject=%s case=%s view=erasures", caller.institutionId(),
                caller.subject(), caseId);
        return history.events(caseId).stream().filter(e -> e.payload() instanceof PersonalDataErased)
                .map(this::record).toList();
    }

    private ErasureRecord record(EventEnvelope<CaseEvent> envelope) {
        PersonalDataErased e = (PersonalDataErased) envelope.payload();
        Instant keyErasedAt = keys.erasure(e.clientId()).map(ClientKeys.Erasure::erasedAt).orElse(null);
        return new ErasureRecord(envelope.eventId(), envelope.sequence(), envelope.occurredAt(), envelope.actor(),
                e.clientId(), e.erasedBy(), e.erasedOn(), e.legalBasis(), keyErasedAt);
    }
}
