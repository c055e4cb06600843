package ch.iiz.service.access;

import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.ConsentRevoked;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.cases.ParticipantAdded;
import ch.iiz.events.cases.ParticipantRemoved;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the access rule needs to know about one case, folded from the case's own events: who opened it, who takes
 * part now, and which institutions each consent in force names. Every service keeps these facts in its own table,
 * fed by the case events it consumes. Pure and immutable.
 *
 * @param consents the consents in force, by consent id, with the institutions each names
 */
public record CaseAccessFacts(String openedBy, Set<String> participants, Map<String, Set<String>> consents) {

    public CaseAccessFacts {
        participants = Set.copyOf(participants);
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        consents.forEach((id, names) -> copy.put(id, Set.copyOf(names)));
        consents = Map.copyOf(copy);
    }

    public static CaseAccessFacts none() {
        return new CaseAccessFacts(null, Set.of(), Map.of());
    }

    /** The facts after one more event of the case; events that do not concern access change nothing. */
    public CaseAccessFacts evolve(CaseEvent event) {
        if (event instanceof CaseOpened e) {
            Set<String> now = new LinkedHashSet<>();
            e.participants().stream().map(Participant::institutionId).forEach(now::add);
            return new CaseAccessFacts(e.openedBy(), now, consents);
        } else if (event instanceof ParticipantAdded e) {
            Set<String> now = new LinkedHashSet<>(participants);
            now.add(e.participant().institutionId());
            return new CaseAccessFacts(openedBy, now, consents);
        } else if (event instanceof ParticipantRemoved e) {
            Set<String> now = new LinkedHashSet<>(participants);
            now.remove(e.institutionId());
            return new CaseAccessFacts(openedBy, now, consents);
        } else if (event instanceof ConsentRecorded e) {
            Map<String, Set<String>> now = new LinkedHashMap<>(consents);
            now.put(e.consentId(), new LinkedHashSet<>(e.institutionIds()));
            return new CaseAccessFacts(openedBy, participants, now);
        } else if (event instanceof ConsentRevoked e) {
            Map<String, Set<String>> now = new LinkedHashMap<>(consents);
            now.remove(e.consentId());
            return new CaseAccessFacts(openedBy, participants, now);
        }
        return this;
    }

    public static CaseAccessFacts of(List<? extends CaseEvent> events) {
        CaseAccessFacts facts = none();
        for (CaseEvent event : events) {
            facts = facts.evolve(event);
        }
        return facts;
    }

    /**
     * The institutions that may read the case: those taking part now that a consent in force names. The opening
     * institution holds the client's file already, so it needs no consent to keep reading its own case.
     */
    public Set<String> readers() {
        Set<String> named = new TreeSet<>();
        consents.values().forEach(named::addAll);
        if (openedBy != null) {
            named.add(openedBy);
        }
        Set<String> readers = new TreeSet<>(participants);
        readers.retainAll(named);
        return readers;
    }
}
