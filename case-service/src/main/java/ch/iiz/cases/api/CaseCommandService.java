package ch.iiz.cases.api;

import ch.iiz.cases.axon.CaseCommandMessage;
import ch.iiz.axon.EventMetadata;
import ch.iiz.cases.domain.CaseCommand;
import ch.iiz.cases.domain.CaseRuleViolation;
import ch.iiz.cases.domain.CaseState;
import ch.iiz.cases.domain.OpenCaseCommand;
import ch.iiz.cases.query.CaseDirectory;
import ch.iiz.cases.query.CaseHistory;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.IdempotentCommands;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Runs a caller's command on a case: checks who may write, honours {@code Idempotency-Key} and {@code If-Match}, and
 * commits the events, the read model and the stored answer in one transaction. Rule violations become 400/409
 * problems; nothing is written on any error.
 */
@ApplicationScoped
public class CaseCommandService {

    @Inject
    CommandGateway gateway;
    @Inject
    CaseHistory history;
    @Inject
    CaseDirectory directory;
    @Inject
    IdempotentCommands idempotent;

    public Response open(Caller caller, OpenCaseCommand command, String idempotencyKey, Object request) {
        caller.requireWriter();
        return idempotent.run(caller, idempotencyKey, "POST /cases", request, () -> {
            send(caller, command, idempotencyKey);
            CaseView view = CaseView.of(history.state(command.caseId()));
            return Response.created(URI.create("/cases/" + command.caseId())).tag(etagValue(view)).entity(view).build();
        });
    }

    public Response execute(Caller caller, String caseId, String ifMatch, String idempotencyKey, Object request,
                            CaseCommand command) {
        caller.requireWriter();
        CaseDirectory.CaseListItem summary = directory.requireVisible(caseId, caller);
        Long expected = IdempotentCommands.expectedVersion(ifMatch);
        if (expected != null && expected != summary.version()) {
            throw ProblemException.preconditionFailed("the case is at version " + summary.version()
                    + ", not " + expected + "; read it again");
        }
        return idempotent.run(caller, idempotencyKey, "POST /cases/" + caseId + "/" + command.getClass().getSimpleName(),
                request, () -> {
                    send(caller, new CaseCommandMessage(caseId, expected, command), idempotencyKey);
                    CaseView view = CaseView.of(history.state(caseId));
                    return Response.ok(view).tag(etagValue(view)).build();
                });
    }

    public CaseState read(Caller caller, String caseId) {
        directory.requireVisible(caseId, caller);
        return history.state(caseId);
    }

    private void send(Caller caller, Object command, String idempotencyKey) {
        UUID correlation = idempotencyKey == null ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes((caller.institutionId() + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        MetaData meta = EventMetadata.of(caller.actor(primaryRole(caller)), correlation, null);
        try {
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(meta));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    private static String primaryRole(Caller caller) {
        return caller.hasRole(Caller.ROLE_MUNICIPALITY) ? Caller.ROLE_MUNICIPALITY : Caller.ROLE_CASEWORKER;
    }

    static RuntimeException translate(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CommandExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CommandExecutionException wrapped && wrapped.getDetails().isPresent()
                && wrapped.getDetails().get() instanceof CaseRuleViolation v) {
            cause = v;
        }
        if (cause instanceof CaseRuleViolation v) {
            return v.invalidInput() ? ProblemException.badRequest(v.field(), v.rule(), v.getMessage())
                    : ProblemException.conflict(v.field(), v.rule(), v.getMessage());
        }
        if (cause instanceof ConflictingAggregateVersionException) {
            return ProblemException.preconditionFailed("the case changed since the version in If-Match; read it again");
        }
        if (cause instanceof ConcurrencyException) {
            return ProblemException.conflict("case", "concurrent-modification",
                    "the case was changed at the same moment; send the command again");
        }
        if (cause instanceof AggregateNotFoundException) {
            return ProblemException.notFound("no such case");
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    private static String etagValue(CaseView view) {
        return Long.toString(view.version());
    }
}
