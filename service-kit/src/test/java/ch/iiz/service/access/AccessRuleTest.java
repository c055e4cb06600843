package ch.iiz.service.access;

import ch.iiz.events.InstitutionType;
import ch.iiz.events.cases.CaseEvent;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.ConsentRevoked;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.cases.ParticipantAdded;
import ch.iiz.events.cases.ParticipantRemoved;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.Program;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static ch.iiz.service.access.AccessRule.Decision.ALLOW;
import static ch.iiz.service.access.AccessRule.Decision.FORBIDDEN;
import static ch.iiz.service.access.AccessRule.Decision.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

/** The one access rule of DOMAIN.md, on the facts folded from a case's events. */
class AccessRuleTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 2);
    static final AccessRule.Principal SD = principal("SD", "caseworker", "municipality");
    static final AccessRule.Principal RAV = principal("RAV", "caseworker");
    static final AccessRule.Principal IV = principal("IV", "caseworker");
    static final AccessRule.Principal STRANGER = principal("OTHER", "caseworker");
    static final AccessRule.Principal AUDITOR = principal("AUDIT", "auditor");
    static final AccessRule.Principal OPS = principal("OPS", "ops");

    static AccessRule.Principal principal(String id, String... roles) {
        return new AccessRule.Principal(id, Set.of(roles));
    }

    static Participant participant(String id) {
        return new Participant(id, InstitutionType.RAV, "AG", null);
    }

    static CaseAccessFacts facts(CaseEvent... events) {
        return CaseAccessFacts.of(List.of(events));
    }

    static final CaseOpened OPENED = new CaseOpened("cl-1", CooperationModel.AARGAU, Program.AMIPLUS, "SD", DAY, "AG",
            false, List.of(), List.of(participant("SD"), participant("RAV"), participant("IV")));
    static final ConsentRecorded CONSENT = new ConsentRecorded("c1", DAY, List.of("SD", "RAV", "IV"), "dms://1");

    @Test
    void participants_named_by_a_consent_in_force_read_and_write() {
        Set<String> readers = facts(OPENED, CONSENT).readers();
        assertThat(readers).containsExactlyInAnyOrder("SD", "RAV", "IV");
        assertThat(AccessRule.readCase(RAV, readers)).isEqualTo(ALLOW);
        assertThat(AccessRule.writeCase(RAV, readers)).isEqualTo(ALLOW);
    }

    @Test
    void a_participant_without_consent_sees_nothing_but_the_opener_keeps_its_own_case() {
        Set<String> readers = facts(OPENED).readers();
        assertThat(readers).containsExactly("SD");
        assertThat(AccessRule.readCase(RAV, readers)).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.readCase(SD, readers)).isEqualTo(ALLOW);
    }

    @Test
    void a_revoked_consent_and_a_removed_participant_end_access() {
        Set<String> revoked = facts(OPENED, CONSENT, new ConsentRevoked("c1", DAY)).readers();
        assertThat(AccessRule.readCase(IV, revoked)).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.writeCase(IV, revoked)).isEqualTo(NOT_FOUND);
        Set<String> narrowed = facts(OPENED, CONSENT, new ConsentRecorded("c2", DAY, List.of("SD", "RAV"), "dms://2"),
                new ConsentRevoked("c1", DAY)).readers();
        assertThat(narrowed).containsExactlyInAnyOrder("SD", "RAV");
        Set<String> removed = facts(OPENED, CONSENT, new ParticipantRemoved("RAV", DAY, null)).readers();
        assertThat(AccessRule.readCase(RAV, removed)).isEqualTo(NOT_FOUND);
        Set<String> back = facts(OPENED, CONSENT, new ParticipantRemoved("RAV", DAY, null),
                new ParticipantAdded(participant("RAV"), DAY)).readers();
        assertThat(AccessRule.readCase(RAV, back)).isEqualTo(ALLOW);
    }

    @Test
    void strangers_get_not_found_and_unknown_cases_are_not_found_for_everyone() {
        Set<String> readers = facts(OPENED, CONSENT).readers();
        assertThat(AccessRule.readCase(STRANGER, readers)).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.writeCase(STRANGER, readers)).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.readCase(AUDITOR, null)).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.readCase(RAV, null)).isEqualTo(NOT_FOUND);
    }

    @Test
    void auditors_read_everything_and_write_nothing() {
        Set<String> readers = facts(OPENED, CONSENT).readers();
        assertThat(AccessRule.readCase(AUDITOR, readers)).isEqualTo(ALLOW);
        assertThat(AccessRule.writeCase(AUDITOR, readers)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.create(AUDITOR)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.readInvoice(AUDITOR, "RAV", "SD")).isEqualTo(ALLOW);
        assertThat(AccessRule.closeMonth(AUDITOR, true)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.audit(AUDITOR)).isEqualTo(ALLOW);
        assertThat(AccessRule.audit(RAV)).isEqualTo(FORBIDDEN);
        // a token that also carries a writing role still writes nothing
        assertThat(AccessRule.create(principal("AUDIT", "auditor", "caseworker"))).isEqualTo(FORBIDDEN);
    }

    @Test
    void operations_see_topics_never_case_content_kpis_or_invoices() {
        Set<String> readers = facts(OPENED, CONSENT).readers();
        assertThat(AccessRule.readCase(OPS, readers)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.writeCase(OPS, readers)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.listCases(OPS)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.listInvoices(OPS)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.readInvoice(OPS, "RAV", "SD")).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.readOperations(OPS)).isEqualTo(ALLOW);
        assertThat(AccessRule.runOperations(OPS)).isEqualTo(ALLOW);
        assertThat(AccessRule.readOperations(RAV)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.runOperations(AUDITOR)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.anchors(OPS)).isEqualTo(ALLOW);
        assertThat(AccessRule.anchors(AUDITOR)).isEqualTo(ALLOW);
        assertThat(AccessRule.anchors(RAV)).isEqualTo(FORBIDDEN);
    }

    @Test
    void administrators_keep_the_registry_and_see_no_case() {
        AccessRule.Principal admin = principal("ADMIN", "admin");
        assertThat(AccessRule.administer(admin)).isEqualTo(ALLOW);
        assertThat(AccessRule.administer(RAV)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.administer(AUDITOR)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.readCase(admin, facts(OPENED, CONSENT).readers())).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.create(admin)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.listCases(admin)).isEqualTo(FORBIDDEN);
    }

    @Test
    void invoices_belong_to_their_creditor_and_debtor_and_only_creditors_close_months() {
        assertThat(AccessRule.readInvoice(RAV, "RAV", "SD")).isEqualTo(ALLOW);
        assertThat(AccessRule.readInvoice(SD, "RAV", "SD")).isEqualTo(ALLOW);
        assertThat(AccessRule.readInvoice(IV, "RAV", "SD")).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.closeMonth(RAV, true)).isEqualTo(ALLOW);
        assertThat(AccessRule.closeMonth(IV, false)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.scopedToReadableCases(SD)).isTrue();
        assertThat(AccessRule.scopedToReadableCases(AUDITOR)).isFalse();
    }

    @Test
    void hessen_vacancies_are_shared_inside_the_cooperation_and_courses_with_every_institution() {
        AccessRule.Principal jobcenter = principal("JC-HE-KASSEL", "caseworker");
        AccessRule.Principal agency = principal("AA-HE-KASSEL", "caseworker");
        AccessRule.Principal sozialamt = principal("SA-HE-KASSEL", "caseworker", "municipality");
        assertThat(AccessRule.recordVacancy(agency, InstitutionType.EMPLOYMENT_AGENCY)).isEqualTo(ALLOW);
        assertThat(AccessRule.recordVacancy(jobcenter, InstitutionType.JOBCENTER)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.recordVacancy(AUDITOR, InstitutionType.EMPLOYMENT_AGENCY)).isEqualTo(FORBIDDEN);

        assertThat(AccessRule.readVacancy(jobcenter, InstitutionType.JOBCENTER, "HE", "HE")).isEqualTo(ALLOW);
        assertThat(AccessRule.readVacancy(sozialamt, InstitutionType.SOCIAL_SERVICES, "HE", "HE")).isEqualTo(ALLOW);
        assertThat(AccessRule.readVacancy(agency, InstitutionType.EMPLOYMENT_AGENCY, "HE", "HE")).isEqualTo(ALLOW);
        // another cooperation, or an institution type the cooperation does not share with: no such vacancy
        assertThat(AccessRule.readVacancy(SD, InstitutionType.SOCIAL_SERVICES, "AG", "HE")).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.readVacancy(principal("YS-HE-KASSEL", "caseworker"), InstitutionType.YOUTH_SERVICES,
                "HE", "HE")).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.readVacancy(RAV, InstitutionType.RAV, "HE", "HE")).isEqualTo(NOT_FOUND);
        assertThat(AccessRule.readVacancy(AUDITOR, InstitutionType.AUDIT, "CH", "HE")).isEqualTo(ALLOW);
        assertThat(AccessRule.readVacancy(OPS, InstitutionType.OPERATIONS, "HE", "HE")).isEqualTo(FORBIDDEN);

        assertThat(AccessRule.readCourses(RAV)).isEqualTo(ALLOW);
        assertThat(AccessRule.readCourses(OPS)).isEqualTo(FORBIDDEN);
        assertThat(AccessRule.seesReservation(jobcenter, "JC-HE-KASSEL", "SA-HE-KASSEL")).isTrue();
        assertThat(AccessRule.seesReservation(sozialamt, "JC-HE-KASSEL", "SA-HE-KASSEL")).isTrue();
        assertThat(AccessRule.seesReservation(agency, "JC-HE-KASSEL", "SA-HE-KASSEL")).isFalse();
        assertThat(AccessRule.seesReservation(AUDITOR, "JC-HE-KASSEL", "SA-HE-KASSEL")).isTrue();
    }
}
