package ch.iiz.events.placement;

/** What came of a vacancy proposed to a client; HIRED and REJECTED are final. */
public enum VacancyOutcome {
    APPLIED,
    HIRED,
    REJECTED;

    public boolean isFinal() {
        return this != APPLIED;
    }
}
