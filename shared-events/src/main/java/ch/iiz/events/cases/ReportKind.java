package ch.iiz.events.cases;

/** Reports the lead institution owes (seed 001). */
public enum ReportKind {
    /** Integrationsbericht: ends phase 1 and 2, about every 6 months in phase 3. */
    INTEGRATION_REPORT,
    /** Verlaufsbericht: short progress report about every 6 months in phase 2. */
    PROGRESS_REPORT,
    /** Report before the planned end of phase 3 when the job search has not succeeded. */
    PRE_END_REPORT,
    /** Schlussbericht: when a job is found or AMIplus ends. */
    FINAL_REPORT
}
