package ch.iiz.service.web;

import java.util.List;

/** A client-visible failure that becomes a {@link Problem} response; nothing is written when it is thrown. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;
    private final String rule;
    private final List<Problem.Violation> violations;

    public ProblemException(int status, String title, String detail, String field, String rule,
                            List<Problem.Violation> violations) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
        this.rule = rule;
        this.violations = violations;
    }

    public static ProblemException badRequest(String field, String rule, String detail) {
        return new ProblemException(400, "Invalid request", detail, field, rule, null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail, null, "not-found", null);
    }

    public static ProblemException forbidden(String field, String rule, String detail) {
        return new ProblemException(403, "Forbidden", detail, field, rule, null);
    }

    public static ProblemException conflict(String field, String rule, String detail) {
        return new ProblemException(409, "Conflict with the current state", detail, field, rule, null);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "Precondition failed", detail, "If-Match", "stale-version", null);
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem("https://iiz-casework.local/problems/" + (rule == null ? "error" : rule), title, status,
                getMessage(), instance, field, rule, violations);
    }
}
