package ch.iiz.reporting.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's sign-in, for the console's paths only: the bearer token the sign-in form stored in an HttpOnly cookie
 * becomes the request's {@code Authorization} header before authentication runs, so the console is authenticated by
 * the very same JWT check as the REST API (whose Authorization header this never touches). Without a cookie, or with
 * an expired one, a console page sends the browser to the sign-in form instead of answering 401.
 */
@ApplicationScoped
public class ConsoleAuth {

    public static final String COOKIE = "iiz_console_token";
    public static final String LANG_COOKIE = "iiz_console_lang";
    static final String SIGN_IN = "/console/sign-in";
    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

    void install(@Observes Router router) {
        // After HttpEdge's limits (Integer.MIN_VALUE), before authentication.
        router.route("/console*").order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.equals(SIGN_IN) || path.startsWith("/console/static/")) {
            ctx.next();
            return;
        }
        if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            ctx.next(); // a client sending its own bearer token (scripts, tests) is checked as it is
            return;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        String token = cookie == null ? null : cookie.getValue();
        if (token == null || token.isBlank() || expired(token)) {
            if (cookie != null) {
                ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true));
            }
            String target = SIGN_IN + (cookie != null ? "?expired=true" : "");
            if (ctx.request().getHeader("HX-Request") != null) {
                ctx.response().putHeader("HX-Redirect", target).setStatusCode(204).end();
            } else {
                ctx.response().putHeader(HttpHeaders.LOCATION, target).setStatusCode(303).end();
            }
            return;
        }
        ctx.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        ctx.next();
    }

    /** Only a hint to send the browser to sign in again: the signature and expiry are verified by smallrye-jwt. */
    static boolean expired(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return true;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Matcher m = EXP.matcher(payload);
            return m.find() && Long.parseLong(m.group(1)) * 1000 < System.currentTimeMillis();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
