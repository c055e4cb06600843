package ch.iiz.service.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/**
 * The edge of every service, before and around JAX-RS: requests too long or too large are refused with a problem
 * (414, 431, 413) instead of the HTTP server's empty answer, and failures raised before a resource runs (401 and 403
 * from the security layer) get a problem body too. The server's own limits are set far above these
 * (microprofile-config.properties), so these checks are the ones a client meets.
 */
@ApplicationScoped
public class HttpEdge {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    @ConfigProperty(name = "iiz.http.max-uri-length", defaultValue = "8192")
    int maxUriLength;
    @ConfigProperty(name = "iiz.http.max-header-bytes", defaultValue = "16384")
    int maxHeaderBytes;
    @ConfigProperty(name = "iiz.http.max-body-bytes", defaultValue = "1048576")
    long maxBodyBytes;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::limits);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void limits(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri.length() > maxUriLength) {
            send(ctx, problem(414, "URI too long", "the request target must be at most " + maxUriLength + " characters",
                    "uri", "max-uri-length", null), false);
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : ctx.request().headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderBytes) {
            send(ctx, problem(431, "Request header fields too large", "the headers must be at most " + maxHeaderBytes
                    + " bytes together", "headers", "max-header-bytes", null), false);
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes < 0) {
                send(ctx, problem(400, "Invalid request", "Content-Length must be a number of bytes", "Content-Length",
                        "content-length", null), false);
                return;
            }
            if (bytes > maxBodyBytes) {
                send(ctx, problem(413, "Content too large", "the body must be at most " + maxBodyBytes + " bytes",
                        "body", "max-body-bytes", null), false);
                return;
            }
        }
        ctx.next();
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        String path = safePath(ctx.normalizedPath());
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            send(ctx, unauthorized(path), true);
        } else if (failure instanceof ForbiddenException) {
            send(ctx, forbidden(path), false);
        } else if (failure == null && ctx.statusCode() >= 400) {
            send(ctx, forStatus(ctx.statusCode(), path), ctx.statusCode() == 401);
        } else {
            ctx.next();
        }
    }

    static Problem unauthorized(String path) {
        return problem(401, "Unauthorized", "a valid bearer token is required", "Authorization",
                "authentication-required", path);
    }

    static Problem forbidden(String path) {
        return problem(403, "Forbidden", "your institution's role may not do this", "role", "role-not-permitted", path);
    }

    /** A problem for a status that the framework decided (unknown path, method, media type ...). */
    static Problem forStatus(int status, String path) {
        return switch (status) {
            case 400 -> problem(400, "Invalid request", "the request cannot be read", "request", "malformed-request", path);
            case 401 -> unauthorized(path);
            case 403 -> forbidden(path);
            case 404 -> problem(404, "Not found", "no resource at this path", "path", "not-found", path);
            case 405 -> problem(405, "Method not allowed", "this resource does not accept this method", "method",
                    "method-not-allowed", path);
            case 406 -> problem(406, "Not acceptable", "this resource answers only in the media types its "
                    + "documentation names", "Accept", "not-acceptable", path);
            case 413 -> problem(413, "Content too large", "the body is too large", "body", "max-body-bytes", path);
            case 414 -> problem(414, "URI too long", "the request target is too long", "uri", "max-uri-length", path);
            case 415 -> problem(415, "Unsupported media type", "send the body as application/json", "Content-Type",
                    "unsupported-media-type", path);
            case 431 -> problem(431, "Request header fields too large", "the headers are too large", "headers",
                    "max-header-bytes", path);
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                String title = known == null ? "Error" : known.getReasonPhrase();
                yield problem(status, title, title, null, title.toLowerCase().replace(' ', '-'), path);
            }
        };
    }

    /** The request path as it may be echoed back: bounded and printable. */
    static String safePath(String path) {
        if (path == null) {
            return null;
        }
        String printable = path.replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "..." : printable;
    }

    private static Problem problem(int status, String title, String detail, String field, String rule, String path) {
        return new ProblemException(status, title, detail, field, rule, null).toProblem(path);
    }

    private static void send(RoutingContext ctx, Problem problem, boolean challenge) {
        HttpServerResponse response = ctx.response().setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (challenge) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        try {
            response.end(JSON.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }
}
