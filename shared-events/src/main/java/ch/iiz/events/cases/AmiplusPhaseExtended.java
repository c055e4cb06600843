package ch.iiz.events.cases;

import ch.iiz.events.EventType;

import java.time.LocalDate;

/** The municipality extended phase 3 once, by up to six months. */
@EventType(name = "AmiplusPhaseExtended", summary = "The municipality extended AMIplus phase 3 (once, up to 6 months).")
public record AmiplusPhaseExtended(String mandateId, int phase, LocalDate previousPlannedEndOn,
                                   LocalDate newPlannedEndOn, LocalDate decidedOn, String decidedBy)
        implements CaseEvent {
}
