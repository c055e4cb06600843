package ch.iiz.referral.api;

import ch.iiz.axon.EventMetadata;
import ch.iiz.referral.axon.LeadCommandMessage;
import ch.iiz.referral.domain.LeadCommand;
import ch.iiz.referral.domain.LeadRuleViolation;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.IdempotentCommands;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;

import java.net.URI;
import java.util.UUID;

/** Runs a caller's command on a case's lead: scoping, Idempotency-Key, If-Match, and rule violations as problems. */
@ApplicationScoped
public class LeadCommandService {

    @Inject
    CommandGateway gateway;
    @Inject
    LeadQueries queries;
    @Inject
    IdempotentCommands idempotent;

    public Response execute(Caller caller, String caseId, String ifMatch, String key, Object request,
                            LeadCommand command, String createdHandoverId) {
        caller.requireWriter();
        queries.requireVisible(caseId, caller);
        Long expected = IdempotentCommands.expectedVersion(ifMatch);
        LeadView before = expected == null ? null : LeadView.of(queries.state(caseId));
        if (before != null && expected != before.version()) {
            throw ProblemException.preconditionFailed("the lead is at version " + before.version() + ", not " + expected);
        }
        return idempotent.run(caller, key, "POST /cases/" + caseId + "/" + command.getClass().getSimpleName(), request,
                () -> {
                    try {
                        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new LeadCommandMessage(caseId, command))
                                .andMetaData(EventMetadata.of(caller.actor(Caller.ROLE_CASEWORKER), UUID.randomUUID(), null)));
                    } catch (RuntimeException e) {
                        throw translate(e);
                    }
                    LeadView view = LeadView.of(queries.state(caseId));
                    Response.ResponseBuilder response = createdHandoverId == null ? Response.ok(view)
                            : Response.created(URI.create("/cases/" + caseId + "/handovers/" + createdHandoverId))
                                    .entity(view);
                    return response.tag(Long.toString(view.version())).build();
                });
    }

    static RuntimeException translate(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CommandExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof LeadRuleViolation v) {
            return v.invalidInput() ? ProblemException.badRequest(v.field(), v.rule(), v.getMessage())
                    : ProblemException.conflict(v.field(), v.rule(), v.getMessage());
        }
        if (cause instanceof ConcurrencyException) {
            return ProblemException.conflict("case", "concurrent-modification", "the lead changed at the same moment; "
                    + "send the command again");
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
}
