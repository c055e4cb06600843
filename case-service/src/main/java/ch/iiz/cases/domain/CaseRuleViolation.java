package ch.iiz.cases.domain;

/**
 * A command that breaks a rule of the case. {@code invalidInput} distinguishes malformed input (400) from a conflict
 * with the case's state or rules (409); nothing is recorded when it is thrown.
 */
public class CaseRuleViolation extends RuntimeException {

    private final String field;
    private final String rule;
    private final boolean invalidInput;

    private CaseRuleViolation(String field, String rule, String detail, boolean invalidInput) {
        super(detail);
        this.field = field;
        this.rule = rule;
        this.invalidInput = invalidInput;
    }

    public static CaseRuleViolation conflict(String field, String rule, String detail) {
        return new CaseRuleViolation(field, rule, detail, false);
    }

    public static CaseRuleViolation invalid(String field, String rule, String detail) {
        return new CaseRuleViolation(field, rule, detail, true);
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
}
