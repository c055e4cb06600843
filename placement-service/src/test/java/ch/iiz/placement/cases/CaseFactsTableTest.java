package ch.iiz.placement.cases;

import ch.iiz.events.Benefit;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.Program;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.Entitlement;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.cases.ParticipantAdded;
import ch.iiz.events.cases.ParticipantRemoved;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.placement.domain.CaseFacts;
import ch.iiz.service.access.Access;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-case facts tables (service-kit {@code CaseFactsTable}: the access rule's {@code case_access} and placement's
 * {@code case_facts}) on the real database: a batch folds to what one event at a time gives, and events at or below a
 * case's stored sequence (a redelivery, a replay) change nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "placement_service"))
class CaseFactsTableTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 2);
    static final String JC = "JC-HE-KASSEL";
    static final String SA = "SA-HE-KASSEL";
    static final String AA = "AA-HE-KASSEL";

    @Inject
    Access access;
    @Inject
    CaseFactsStore facts;

    static List<CaseEvent> history() {
        return List.of(
                new CaseOpened("cl-table", CooperationModel.HESSEN, Program.COOPERATION, JC, DAY, "HE", false,
                        List.of(new Entitlement(Benefit.SGB_II, JC)),
                        List.of(new Participant(JC, InstitutionType.JOBCENTER, "HE", "Kassel"))),
                new ParticipantAdded(new Participant(SA, InstitutionType.SOCIAL_SERVICES, "HE", "Kassel"), DAY),
                new ConsentRecorded("cons-1", DAY, List.of(JC, SA), "dms://c"),
                new ParticipantAdded(new Participant(AA, InstitutionType.EMPLOYMENT_AGENCY, "HE", "Kassel"), DAY),
                new ParticipantRemoved(SA, DAY.plusDays(1), "moved"));
    }

    static List<Access.Fact> stream(String caseId) {
        List<Access.Fact> out = new ArrayList<>();
        List<CaseEvent> events = history();
        for (int i = 0; i < events.size(); i++) {
            out.add(new Access.Fact(caseId, i, events.get(i)));
        }
        return out;
    }

    void apply(List<Access.Fact> batch) {
        QuarkusTransaction.requiringNew().run(() -> {
            access.applyAll(batch);
            facts.applyAll(batch);
        });
    }

    @Test
    void a_batch_with_redeliveries_folds_to_what_one_event_at_a_time_gives() {
        String batched = "table-" + UUID.randomUUID();
        String single = "table-" + UUID.randomUUID();
        String other = "table-" + UUID.randomUUID();
        for (Access.Fact f : stream(single)) {
            apply(List.of(f));
        }
        List<Access.Fact> all = stream(batched);
        apply(all.subList(0, 3));
        assertThat(access.readers(batched)).contains(Set.of(JC, SA));

        // a redelivery of the first three, another case in between, and the rest
        List<Access.Fact> second = new ArrayList<>(all);
        second.add(2, stream(other).get(0));
        apply(second);

        assertThat(access.readers(batched)).contains(Set.of(JC)).isEqualTo(access.readers(single));
        assertThat(access.readers(other)).contains(Set.of(JC));
        CaseFacts expected = CaseFacts.of(history());
        assertThat(facts.of(batched)).isEqualTo(expected).isEqualTo(facts.of(single));
        assertThat(facts.of(other)).isEqualTo(CaseFacts.of(history().subList(0, 1)));

        // a replay of the whole stream changes nothing
        apply(all);
        assertThat(facts.of(batched)).isEqualTo(expected);
        assertThat(access.readers(batched)).contains(Set.of(JC));
    }

    @Test
    void an_unknown_case_has_no_readers_and_no_facts() {
        assertThat(access.readers("table-unknown")).isEmpty();
        assertThat(facts.of("table-unknown")).isEqualTo(CaseFacts.none());
    }
}
