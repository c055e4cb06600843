package ch.iiz.service.web;

import ch.iiz.service.security.Caller;
import ch.iiz.service.store.IdempotencyStore;
import ch.iiz.service.validation.Texts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a write in its own transaction and, with an {@code Idempotency-Key}, stores its answer in that same
 * transaction: a repeat of the same request gets the first answer again (header {@code Idempotent-Replayed}), the
 * same key with a different request gets 422. Also reads {@code If-Match}.
 */
@ApplicationScoped
public class IdempotentCommands {

    @Inject
    IdempotencyStore store;
    @Inject
    ObjectMapper json;

    public Response run(Caller caller, String key, String operation, Object request, Supplier<Response> action) {
        if (key == null) {
            return QuarkusTransaction.requiringNew().call(action::get);
        }
        if (key.isBlank() || key.length() > 200 || !Texts.noControlCharacters(key, false)) {
            throw ProblemException.badRequest("Idempotency-Key", "idempotency-key-format",
                    "Idempotency-Key must be 1 to 200 printable characters");
        }
        String hash = hash(operation, request);
        Optional<IdempotencyStore.StoredResponse> earlier = store.find(caller.institutionId(), key);
        if (earlier.isPresent()) {
            return replay(earlier.get(), hash);
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Response response = action.get();
                store.save(caller.institutionId(), key, new IdempotencyStore.StoredResponse(hash,
                        response.getStatus(), response.getLocation() == null ? null : response.getLocation().toString(),
                        response.getEntityTag() == null ? null : response.getEntityTag().getValue(),
                        json.writeValueAsString(response.getEntity())));
                return response;
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // Another request with the same key won the race: answer as it did.
            return store.find(caller.institutionId(), key).map(r -> replay(r, hash)).orElseThrow(() -> e);
        }
    }

    /** The version in an {@code If-Match} header ("3" or W/"3"), or null when there is none. */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        if (!value.matches("\\d{1,18}")) {
            throw ProblemException.badRequest("If-Match", "etag-format", "If-Match must be an ETag such as \"3\"");
        }
        return Long.parseLong(value);
    }

    private Response replay(IdempotencyStore.StoredResponse earlier, String hash) {
        if (!earlier.requestHash().equals(hash)) {
            throw new ProblemException(422, "Idempotency-Key reused", "this Idempotency-Key was used for a "
                    + "different request", "Idempotency-Key", "idempotency-key-reused", null);
        }
        Response.ResponseBuilder builder = Response.status(earlier.status()).entity(earlier.body())
                .type(MediaType.APPLICATION_JSON).header("Idempotent-Replayed", "true");
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
}
