package ch.iiz.service.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail. {@code field} and {@code rule} name what failed, so a back-office system can show
 * it next to the right input; {@code violations} lists them when several fields failed at once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field,
                      String rule, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One failed field. */
    public record Violation(String field, String rule, String message) {
    }
}
