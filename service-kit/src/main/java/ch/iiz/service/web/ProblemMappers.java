package ch.iiz.service.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Turns every failure into {@code application/problem+json}; a client's mistake is never a 500 or a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : null;
        String rule;
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            rule = "unknown-field";
            detail = "unknown field '" + unknown.getPropertyName() + "'";
        } else if (e instanceof InvalidFormatException format) {
            rule = "invalid-format";
            detail = "value " + format.getValue() + " is not a valid " + format.getTargetType().getSimpleName();
        } else if (e instanceof JsonMappingException) {
            rule = "invalid-value";
            detail = e.getOriginalMessage();
        } else {
            rule = "malformed-json";
            detail = "the body is not valid JSON: " + e.getOriginalMessage();
        }
        return respond(ProblemException.badRequest(field, rule, detail).toProblem(path(uri)));
    }

    /** Quarkus brings its own mappers for these two; ours answer with a problem naming the field instead. */
    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return invalidJson(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return invalidJson(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidInput(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), rule(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        Problem.Violation first = violations.isEmpty() ? new Problem.Violation(null, "invalid", "invalid input")
                : violations.get(0);
        String detail = violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
        return respond(new ProblemException(400, "Invalid request", detail, first.field(), first.rule(), violations)
                .toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return invalidJson(json, uri); // the body could not be read: name the field
            }
        }
        if (status == 401 || status == 403) {
            // Keep the framework's challenge headers for authentication failures.
            return Response.fromResponse(e.getResponse()).type(Problem.MEDIA_TYPE)
                    .entity(new ProblemException(status, status == 401 ? "Unauthorized" : "Forbidden",
                            e.getMessage(), null, status == 401 ? "authentication-required" : "forbidden", null)
                            .toProblem(path(uri))).build();
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        return respond(new ProblemException(status, title, e.getMessage(), null,
                title.toLowerCase().replace(' ', '-'), null).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", id, path(uri));
        return respond(new ProblemException(500, "Internal error", "an unexpected error occurred; reference " + id,
                null, "internal-error", null).toProblem(path(uri)));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
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
        // Drop the method and parameter prefix ("open.body.clientId" -> "clientId").
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }

    private static String rule(ConstraintViolation<?> violation) {
        String annotation = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return annotation.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }
}
