package ch.iiz.cases.api;

import ch.iiz.cases.axon.CaseCommandMessage;
import ch.iiz.axon.EventMetadata;
import ch.iiz.cases.domain.CaseCommand;
import ch.iiz.cases.domain.CaseRuleViolation;
import ch.iiz.cases.domain.CaseState;
import ch.iiz.cases.domain.OpenCaseCommand;
import ch.iiz.cases.query.CaseDirectory;
import ch.iiz.cases.query.CaseHistory;
import ch.iiz.service.store.IdempotencyStore;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

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
    IdempotencyStore idempotency;
    @Inject
    ObjectMapper json;

    public Response open(Caller caller, OpenCaseCommand command, String idempotencyKey, Object request) {
        caller.requireWriter();
        return idempotent(caller, idempotencyKey, "POST /cases", request, () -> {
            send(caller, command, idempotencyKey);
            CaseView view = CaseView.of(history.state(command.caseId()));
            return Response.created(URI.create("/cases/" + command.caseId())).tag(etagValue(view)).entity(view).build();
        });
    }

    public Response execute(Caller caller, String caseId, String ifMatch, String idempotencyKey, Object request,
                            CaseCommand command) {
        caller.requireWriter();
        CaseDirectory.CaseListItem summary = directory.requireVisible(caseId, caller);
        Long expected = expectedVersion(ifMatch);
        if (expected != null && expected != summary.version()) {
            throw ProblemException.preconditionFailed("the case is at version " + summary.version()
                    + ", not " + expected + "; read it again");
        }
        return idempotent(caller, idempotencyKey, "POST /cases/" + caseId + "/" + command.getClass().getSimpleName(),
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

    private Response idempotent(Caller caller, String key, String operation, Object request, Supplier<Response> action) {
        if (key == null) {
            return QuarkusTransaction.requiringNew().call(action::get);
        }
        if (key.isBlank() || key.length() > 200) {
            throw ProblemException.badRequest("Idempotency-Key", "idempotency-key-format",
                    "Idempotency-Key must be 1 to 200 characters");
        }
        String hash = hash(operation, request);
        Optional<IdempotencyStore.StoredResponse> earlier = idempotency.find(caller.institutionId(), key);
        if (earlier.isPresent()) {
            return replay(earlier.get(), hash);
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Response response = action.get();
                idempotency.save(caller.institutionId(), key, new IdempotencyStore.StoredResponse(hash,
                        response.getStatus(), response.getLocation() == null ? null : response.getLocation().toString(),
                        response.getEntityTag() == null ? null : response.getEntityTag().getValue(),
                        json.writeValueAsString(response.getEntity())));
                return response;
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // Another request with the same key won the race: answer as it did.
            return idempotency.find(caller.institutionId(), key).map(r -> replay(r, hash)).orElseThrow(() -> e);
        }
    }

    private Response replay(IdempotencyStore.StoredResponse earlier, String hash) {
        if (!earlier.requestHash().equals(hash)) {
            throw new ProblemException(422, "Idempotency-Key reused", "this Idempotency-Key was used for a "
                    + "different request", "Idempotency-Key", "idempotency-key-reused", null);
        }
        Response.ResponseBuilder builder = Response.status(earlier.status()).entity(earlier.body())
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON).header("Idempotent-Replayed", "true");
        if (earlier.location() != null) {
            builder.location(URI.create(earlier.location()));
        }
        if (earlier.etag() != null) {
            builder.tag(earlier.etag());
        }
        return builder.build();
    }

    private String hash(String operation, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(operation.getBytes(StandardCharsets.UTF_8));
            digest.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("If-Match", "etag-format", "If-Match must be an ETag such as \"3\"");
        }
    }

    private static String etagValue(CaseView view) {
        return Long.toString(view.version());
    }
}
