package ch.iiz.referral.support;

import ch.iiz.events.InstitutionType;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.Participant;
import ch.iiz.referral.domain.LeadCommand.ObserveCaseEvent;

import java.time.LocalDate;
import java.util.UUID;

/** Case events as the tests of the lead aggregate and its decider observe them. */
public final class LeadFixtures {

    public static final LocalDate D = LocalDate.of(2026, 3, 2);

    private LeadFixtures() {
    }

    /** The command to observe {@code event}; its id follows from the event, so the same event is the same delivery. */
    public static ObserveCaseEvent observe(CaseEvent event) {
        return new ObserveCaseEvent(UUID.nameUUIDFromBytes(event.toString().getBytes()), event, D);
    }

    /** A participant in the canton its id names ({@code RAV-AG-AARAU}: AG), with no municipality. */
    public static Participant p(String id, InstitutionType type) {
        return new Participant(id, type, id.substring(id.indexOf('-') + 1, id.indexOf('-') + 3), null);
    }
}
