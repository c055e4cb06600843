package ch.iiz.referral.domain;

/** A command that breaks a rule of the lead negotiation; {@code invalidInput} → 400, otherwise 409. Nothing is recorded. */
public class LeadRuleViolation extends RuntimeException {

    private final String field;
    private final String rule;
    private final boolean invalidInput;

    private LeadRuleViolation(String field, String rule, String detail, boolean invalidInput) {
        super(detail);
        this.field = field;
        this.rule = rule;
        this.invalidInput = invalidInput;
    }

    public static LeadRuleViolation conflict(String field, String rule, String detail) {
        return new LeadRuleViolation(field, rule, detail, false);
    }

    public static LeadRuleViolation invalid(String field, String rule, String detail) {
        return new LeadRuleViolation(field, rule, detail, true);
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
