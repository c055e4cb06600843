package ch.iiz.events.cases;

/** External measures from the integration plan. */
public enum MeasureKind {
    EMPLOYMENT_PROGRAMME,
    COACHING,
    SPECIALIST_ADVICE,
    PLACEMENT_TEST,
    TRAINING,
    OTHER
}
