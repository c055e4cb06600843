package ch.iiz.service.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import ch.iiz.service.kafka.TransientFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.math.BigDecimal;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure into {@code application/problem+json} naming the field, parameter or header and the rule that
 * failed. A client's mistake is never a 500; no answer carries a stack trace, a Java type or a parser's internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e, UriInfo uri) {
        return respond(jsonProblem(e).toProblem(path(uri)));
    }

    /** Quarkus brings its own mappers for these; ours answer with a problem naming the field instead. */
    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return invalidJson(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return invalidJson(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidInput(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), rule(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        Problem.Violation first = violations.isEmpty() ? new Problem.Violation("body", "invalid", "invalid input")
                : violations.get(0);
        String detail = violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
        return respond(new ProblemException(400, "Invalid request", detail, first.field(), first.rule(), violations)
                .toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e, UriInfo uri) {
        if (e instanceof ConstraintViolationException violations) {
            return invalidInput(violations, uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(HttpEdge.unauthorized(path(uri)), true);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(HttpEdge.unauthorized(path(uri)), true);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(HttpEdge.forbidden(path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return invalidJson(json, uri); // the body could not be read: name the field
            }
            if (cause instanceof ProblemException problem) {
                return problem(problem, uri);
            }
        }
        if (status == 401) {
            return respond(HttpEdge.unauthorized(path(uri)), true);
        }
        return respond(HttpEdge.forStatus(status, path(uri)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (TransientFailures.isTransient(e)) {
            // Overload or a database restart: nothing was written (the transaction never began or rolled back),
            // so the client may send the same request again, with the same Idempotency-Key.
            LOG.warnf("database unavailable on %s: %s", path(uri), e.getMessage());
            return Response.fromResponse(respond(new ProblemException(503, "Service unavailable",
                            "the database cannot be reached right now; retry shortly", null, "database-available", null)
                            .toProblem(path(uri)))).header("Retry-After", "1").build();
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", id, path(uri));
        return respond(new ProblemException(500, "Internal error", "an unexpected error occurred; reference " + id,
                null, "internal-error", null).toProblem(path(uri)));
    }

    private static ProblemException jsonProblem(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : null;
        if (field == null) {
            field = "body";
        }
        if (e instanceof StrictJson.StrictInputException strict) {
            return ProblemException.badRequest(field, strict.rule(), field + " " + strict.getOriginalMessage());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ProblemException.badRequest(field, "unknown-field", "unknown field '" + unknown.getPropertyName() + "'");
        }
        if (e instanceof InvalidNullException) {
            return ProblemException.badRequest(field, "not-null", field + " must not be null");
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return ProblemException.badRequest(field, "one-of", field + " must be one of "
                    + Arrays.toString(format.getTargetType().getEnumConstants()));
        }
        if (e instanceof MismatchedInputException mismatch) {
            Class<?> target = mismatch.getTargetType();
            if (target != null && target.isEnum()) {
                return ProblemException.badRequest(field, "one-of", field + " must be one of "
                        + Arrays.toString(target.getEnumConstants()));
            }
            return ProblemException.badRequest(field, "type", field + " must be " + jsonType(target));
        }
        if (e instanceof ValueInstantiationException) {
            return ProblemException.badRequest(field, "invalid-value", field + " is not valid");
        }
        if (e instanceof JsonParseException || e instanceof StreamReadException) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field '")) {
                String name = message.substring("Duplicate field '".length(), message.indexOf('\'', 17));
                return ProblemException.badRequest(name, "duplicate-key", "field '" + name + "' appears twice");
            }
            return ProblemException.badRequest("body", "malformed-json", "the body is not valid JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        return ProblemException.badRequest(field, "invalid-value", field + " cannot be read");
    }

    /** How a JSON writer would call the expected type; never a Java name. */
    static String jsonType(Class<?> target) {
        if (target == null) {
            return "of another JSON type";
        }
        if (CharSequence.class.isAssignableFrom(target)) {
            return "a JSON string";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (target.isPrimitive() || Number.class.isAssignableFrom(target) || target == BigDecimal.class) {
            return "a JSON number";
        }
        if (Temporal.class.isAssignableFrom(target)) {
            return "a date written yyyy-MM-dd";
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return "a JSON array";
        }
        if (Map.class.isAssignableFrom(target) || !target.isPrimitive()) {
            return "a JSON object";
        }
        return "of another JSON type";
    }

    private static Response respond(Problem problem) {
        return respond(problem, false);
    }

    private static Response respond(Problem problem, boolean challenge) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (challenge) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : HttpEdge.safePath(uri.getPath());
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String field(ConstraintViolation<?> violation) {
        // "open.body.clientId" -> "clientId"; "list.size" -> "size": drop the method and the body parameter.
        String[] parts = violation.getPropertyPath().toString().split("\\.");
        if (parts.length > 2) {
            return String.join(".", Arrays.copyOfRange(parts, 2, parts.length));
        }
        return parts.length == 2 ? parts[1] : parts[0];
    }

    private static String rule(ConstraintViolation<?> violation) {
        String annotation = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return annotation.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }
}
