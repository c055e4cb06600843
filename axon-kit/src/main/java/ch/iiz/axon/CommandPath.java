package ch.iiz.axon;

import ch.iiz.service.access.Access;
import ch.iiz.service.rules.RuleViolation;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.IdempotentCommands;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one way a caller's command reaches an aggregate, in every event-sourced service: the access rule, then the
 * {@code Idempotency-Key} (a repeat gets the first answer), a correlation id, the expected version from
 * {@code If-Match} handed to the aggregate so the check is atomic with the append (412), and rule violations as
 * problems (400 or 409). Events, read models kept in the command's transaction and the stored answer commit
 * together; nothing is written on any refusal.
 */
@ApplicationScoped
public class CommandPath {

    @Inject
    CommandGateway gateway;
    @Inject
    IdempotentCommands idempotent;
    @Inject
    Access access;

    /** A command that creates its aggregate (opening a case). {@code answer} runs after it, in its transaction. */
    public Response create(Caller caller, String idempotencyKey, String operation, Object request, Object command,
                           Supplier<Response> answer) {
        access.requireWriter(caller);
        return idempotent.run(caller, idempotencyKey, operation, request, () -> {
            send(caller, command, idempotencyKey, null);
            return answer.get();
        });
    }

    /** A command on the aggregate of an existing case the caller may act on. */
    public Response execute(Caller caller, String caseId, String ifMatch, String idempotencyKey, String operation,
                            Object request, Object command, Supplier<Response> answer) {
        access.requireWrite(caller, caseId);
        Long expected = IdempotentCommands.expectedVersion(ifMatch);
        return idempotent.run(caller, idempotencyKey, operation, request, () -> {
            send(caller, new TargetedCommand(caseId, expected, command), idempotencyKey, expected);
            return answer.get();
        });
    }

    /**
     * A command on an aggregate that is not a case (placement: a course, a vacancy). The resource has applied the
     * access rule to what the command touches; {@code command} builds the aggregate's message from the expected
     * version in {@code If-Match} (null when absent).
     */
    public Response executeOn(Caller caller, String ifMatch, String idempotencyKey, String operation, Object request,
                              java.util.function.Function<Long, Object> command, Supplier<Response> answer) {
        access.requireWriter(caller);
        Long expected = IdempotentCommands.expectedVersion(ifMatch);
        return idempotent.run(caller, idempotencyKey, operation, request, () -> {
            send(caller, command.apply(expected), idempotencyKey, expected);
            return answer.get();
        });
    }

    private void send(Caller caller, Object command, String idempotencyKey, Long expected) {
        UUID correlation = idempotencyKey == null ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes((caller.institutionId() + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        String role = caller.hasRole(Caller.ROLE_MUNICIPALITY) ? Caller.ROLE_MUNICIPALITY : Caller.ROLE_CASEWORKER;
        try {
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(EventMetadata.of(caller.actor(role), correlation, null)));
        } catch (RuntimeException e) {
            throw translate(e, expected);
        }
    }

    /** The domain's or the store's refusal as the problem a client sees. */
    static RuntimeException translate(Throwable e, Long expected) {
        Throwable cause = unwrap(e);
        if (cause instanceof RuleViolation v) {
            return v.invalidInput() ? ProblemException.badRequest(v.field(), v.rule(), v.getMessage())
                    : ProblemException.conflict(v.field(), v.rule(), v.getMessage());
        }
        if (cause instanceof ConflictingAggregateVersionException
                || (cause instanceof ConcurrencyException && expected != null)) {
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

    /** The exception the handler threw, out of Axon's wrappers. */
    static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CommandExecutionException wrapped) {
            if (wrapped.getDetails().isPresent() && wrapped.getDetails().get() instanceof Throwable details) {
                cause = details;
            } else if (wrapped.getCause() != null && wrapped.getCause() != wrapped) {
                cause = wrapped.getCause();
            } else {
                break;
            }
        }
        return cause;
    }
}
