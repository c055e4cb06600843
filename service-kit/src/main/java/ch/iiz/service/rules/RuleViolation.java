package ch.iiz.service.rules;

/**
 * A command that breaks a rule of a domain: malformed input (400) or a conflict with the aggregate's state or rules
 * (409). Nothing is recorded when it is thrown. Free of framework types, so deciders throw it directly; the command
 * path turns it into a problem response naming {@code field} and {@code rule}.
 */
public class RuleViolation extends RuntimeException {

    private final String field;
    private final String rule;
    private final boolean invalidInput;

    private RuleViolation(String field, String rule, String detail, boolean invalidInput) {
        super(detail);
        this.field = field;
        this.rule = rule;
        this.invalidInput = invalidInput;
    }

    public static RuleViolation conflict(String field, String rule, String detail) {
        return new RuleViolation(field, rule, detail, false);
    }

    public static RuleViolation invalid(String field, String rule, String detail) {
        return new RuleViolation(field, rule, detail, true);
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    public boolean invalidInput() {
        return invalidInput;
    }

    /** A one-line reason for logs and dead letters. */
    public String reason() {
        return "rule " + rule + " - " + getMessage();
    }
}
