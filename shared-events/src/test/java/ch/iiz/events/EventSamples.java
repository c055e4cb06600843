package ch.iiz.events;

import ch.iiz.events.billing.BillingMonthClosed;
import ch.iiz.events.registry.BillingDetails;
import ch.iiz.events.registry.InstitutionRegistered;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.billing.CreditNoteIssued;
import ch.iiz.events.billing.InvoiceIssued;
import ch.iiz.events.billing.InvoiceLine;
import ch.iiz.events.cases.*;
import ch.iiz.events.placement.*;
import ch.iiz.events.referral.*;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One realistic sample of every event type: the source of the golden JSON files. */
final class EventSamples {

    static final String CASE_ID = "c0a80164-0000-4000-8000-000000000001";
    static final String RAV = "RAV-AG-AARAU";
    static final String IV = "IV-AG-SVA";
    static final String MUNICIPALITY = "SD-AG-MENZIKEN";
    static final String WAS_IV = "IV-LU-WAS";
    static final String JOBCENTER_KASSEL = "JC-HE-KASSEL";
    static final String AGENTUR_KASSEL = "AA-HE-KASSEL";
    static final String SOZIALAMT_KASSEL = "SA-HE-KASSEL";
    static final LocalDate D = LocalDate.of(2026, 3, 2);
    /** The shape of sealed personal data (service-kit PersonalDataCipher): enc:v1:base64(nonce || ciphertext). */
    static final String SEALED = "enc:v1:q83vASNFZ4mrze8BkN8Kx2V4YW1wbGUgY2lwaGVydGV4dA1kNHRhZ3RhZw==";
    static final UUID SOURCE = UUID.fromString("5f0e7c1a-3b1d-4c55-9a59-7b3f0e2d9a10");
    static final Actor ACTOR = new Actor(RAV, InstitutionType.RAV, "caseworker");

    private EventSamples() {
    }

    static Map<Class<?>, IntegrationEvent> all() {
        Participant rav = new Participant(RAV, InstitutionType.RAV, "AG", null);
        Participant iv = new Participant(IV, InstitutionType.IV, "AG", null);
        Participant sd = new Participant(MUNICIPALITY, InstitutionType.SOCIAL_SERVICES, "AG", "Menziken");
        InvoiceLine line = new InvoiceLine(1, "chg-0001", CASE_ID, ChargeKind.AMIPLUS_DAILY, D, D.plusDays(29),
                new BigDecimal("30"), new BigDecimal("10.00"), new BigDecimal("300.00"), List.of(SOURCE), null);
        InvoiceLine correction = new InvoiceLine(1, "chg-0042", CASE_ID, ChargeKind.CORRECTION, D, D,
                new BigDecimal("-1"), new BigDecimal("10.00"), new BigDecimal("-10.00"), List.of(SOURCE),
                "INV-2026-03-SD-AG-MENZIKEN");
        List<IntegrationEvent> events = List.of(
                new CaseOpened("cl-7Q2ZK4", CooperationModel.AARGAU, Program.AMIPLUS, MUNICIPALITY, D, "AG", false,
                        List.of(new Entitlement(Benefit.SOCIAL_ASSISTANCE, MUNICIPALITY)), List.of(sd, rav)),
                new ParticipantAdded(iv, D),
                new ParticipantRemoved(IV, D.plusMonths(2), "IV assessment finished"),
                new EntitlementRecorded(new Entitlement(Benefit.IV, IV), D),
                new EntitlementEnded(new Entitlement(Benefit.ALV, RAV), D.plusMonths(1)),
                new ConsentRecorded("cons-1", D, List.of(MUNICIPALITY, RAV, IV), "dms://consent/2026/0815"),
                new ConsentRevoked("cons-1", D.plusMonths(6)),
                new AmiplusMandateIssued("man-1", MUNICIPALITY, RAV, "KG-2026-0815", D),
                new AmiplusMandateRefused("man-2", MUNICIPALITY, RAV,
                        List.of(ExclusionCriterion.NO_WORK_PERMIT), D, SEALED),
                new ExclusionCriterionReported("man-1", null, D.plusMonths(4), SEALED),
                new AmiplusPhaseStarted("man-1", 1, D, D.plusMonths(2).minusDays(1)),
                new AmiplusPhaseEnded("man-1", 1, D.plusDays(40)),
                new AmiplusContinuationDecided("man-1", 1, true, D.plusDays(38), MUNICIPALITY),
                new AmiplusPhaseExtended("man-1", 3, LocalDate.of(2027, 6, 30), LocalDate.of(2027, 12, 31),
                        LocalDate.of(2027, 6, 1), MUNICIPALITY),
                new IntegrationPlanAgreed(1, D.plusDays(45), "dms://plan/2026/0815/v1"),
                new ReportSubmitted("rep-1", ReportKind.INTEGRATION_REPORT, 1, D.plusDays(39), RAV,
                        "dms://report/2026/0815/1"),
                new MeasureProposed("mea-1", MeasureKind.EMPLOYMENT_PROGRAMME, "Stiftung Wendepunkt",
                        new BigDecimal("4200.00"), MUNICIPALITY, D.plusDays(50), RAV),
                new MeasureCostApproved("mea-1", "KG-2026-0901", new BigDecimal("4000.00"), MUNICIPALITY,
                        D.plusDays(55)),
                new MeasureCostRefused("mea-2", MUNICIPALITY, "budget exhausted", D.plusDays(55)),
                new MeasureStarted("mea-1", D.plusDays(60)),
                new MeasureCompleted("mea-1", D.plusDays(150), new BigDecimal("3980.50")),
                new MeasureCancelled("mea-3", D.plusDays(70), null),
                new CaseLeadChanged(MUNICIPALITY, RAV, D, LeadBasis.AMIPLUS_MANDATE, SOURCE, null, List.of()),
                new CaseAborted(AbortReason.LACK_OF_COOPERATION, null, D.plusMonths(5), RAV, null),
                new CaseClosed(CaseOutcome.PERMANENT_JOB_FIRST_LABOUR_MARKET, true, D.plusMonths(14), RAV),
                new PersonalDataErased("cl-7Q2ZK4", "Art. 32 Abs. 2 lit. c DSG: request of the client, case closed",
                        MUNICIPALITY, D.plusMonths(15)),
                new LeadHandoverProposed("ho-1", CooperationModel.LUZERN_OPTIMA, "RAV-LU-SURSEE", "RAV-LU-SURSEE",
                        WAS_IV, "health limitations dominate the integration goals", D, D.plusDays(14),
                        D.plusMonths(6)),
                new LeadHandoverAccepted("ho-1", WAS_IV, D.plusDays(3), D.plusDays(3), D.plusMonths(6)),
                new LeadHandoverDeclined("ho-2", WAS_IV, D.plusDays(14), "no answer before the deadline", true),
                new LeadHandoverWithdrawn("ho-3", "RAV-LU-SURSEE", D.plusDays(2), "client moved"),
                new LeadHandoverExtended("ho-1", WAS_IV, D.plusMonths(5), D.plusMonths(6), D.plusMonths(9)),
                new LeadHandoverEnded("ho-1", D.plusMonths(9), "RAV-LU-SURSEE", HandoverEndReason.EXPIRED),
                new LeadHandoverCancelled("ho-4", D.plusMonths(1), "case closed"),
                new ClientRouted("rt-1", "AMB-HE-KASSEL", "JC-HE-KASSEL", D),
                new LeadDecided("dec-1", WAS_IV, D.plusDays(3), LeadBasis.OPTIMA_HANDOVER, "RAV-LU-SURSEE", "ho-1",
                        List.of()),
                new CourseAnnounced("crs-1", JOBCENTER_KASSEL, MeasureKind.TRAINING, "Bildungswerk Nordhessen", 12, 8,
                        LocalDate.of(2026, 5, 4), new BigDecimal("1850.00"), LocalDate.of(2026, 4, 20), D),
                new SeatReserved("crs-1", "rsv-1", CASE_ID, SOZIALAMT_KASSEL, SOZIALAMT_KASSEL, "KG-HE-2026-0042",
                        new BigDecimal("1850.00"), D.plusDays(3)),
                new SeatReleased("crs-1", "rsv-1", CASE_ID, SOZIALAMT_KASSEL, SeatReleaseReason.WITHDRAWN,
                        D.plusDays(10)),
                new CourseConfirmed("crs-1", JOBCENTER_KASSEL, LocalDate.of(2026, 4, 20), List.of(
                        new ConfirmedSeat("rsv-2", CASE_ID, SOZIALAMT_KASSEL, new BigDecimal("1850.00")),
                        new ConfirmedSeat("rsv-3", "c0a80164-0000-4000-8000-000000000002", AGENTUR_KASSEL,
                                new BigDecimal("1850.00")))),
                new CourseCancelled("crs-2", JOBCENTER_KASSEL, LocalDate.of(2026, 4, 20), 3, 8),
                new VacancyRecorded("vac-1", AGENTUR_KASSEL, "Fachkraft Lagerlogistik", 100, "HE",
                        LocalDate.of(2026, 6, 30), D),
                new VacancyProposed("vac-1", CASE_ID, JOBCENTER_KASSEL, D.plusDays(1)),
                new VacancyOutcomeRecorded("vac-1", CASE_ID, VacancyOutcome.HIRED, JOBCENTER_KASSEL, D.plusDays(20)),
                new ChargeRecorded("chg-0001", CASE_ID, ChargeKind.AMIPLUS_DAILY, "AWA-AG", MUNICIPALITY, D,
                        D.plusDays(29), new BigDecimal("30"), new BigDecimal("10.00"), new BigDecimal("300.00"),
                        YearMonth.of(2026, 3), List.of(SOURCE), null),
                new ch.iiz.events.audit.ChainAnchored("anc-1", "case-service", Instant.parse("2026-03-02T10:00:00Z"),
                        LocalDate.of(2026, 3, 2), 42, 512,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "SCHEDULED"),
                new InstitutionRegistered(RAV, InstitutionType.RAV, "RAV Aarau", "AG", null,
                        new BillingDetails("RAV Aarau (AWA Aargau)", "Rain", "53", "5000", "Aarau", "CH",
                                "CH4431999123000889012"), true),
                new BillingMonthClosed("AWA-AG", YearMonth.of(2026, 3), LocalDate.of(2026, 4, 1), true,
                        Map.of("iiz.case.events-0", 1204L, "iiz.referral.events-0", 77L)),
                new InvoiceIssued("INV-2026-03-SD-AG-MENZIKEN", "AWA-AG", MUNICIPALITY, YearMonth.of(2026, 3),
                        LocalDate.of(2026, 4, 1), List.of(line), new BigDecimal("300.00"), new BigDecimal("0.00"),
                        new BigDecimal("300.00")),
                new CreditNoteIssued("CN-2026-04-SD-AG-MENZIKEN", "INV-2026-03-SD-AG-MENZIKEN", "AWA-AG",
                        MUNICIPALITY, YearMonth.of(2026, 4), LocalDate.of(2026, 5, 1), List.of(correction),
                        new BigDecimal("-10.00"), new BigDecimal("0.00"), new BigDecimal("-10.00")));
        Map<Class<?>, IntegrationEvent> byType = new LinkedHashMap<>();
        events.forEach(e -> byType.put(e.getClass(), e));
        return byType;
    }

    /** The sample wrapped in a fixed envelope, as it would stand on its topic. */
    static EventEnvelope<IntegrationEvent> envelope(IntegrationEvent payload) {
        EventCatalog.Entry entry = EventCatalog.entryFor(payload.getClass());
        boolean perCase = !(payload instanceof EventEnvelope.Keyed);
        UUID eventId = UUID.nameUUIDFromBytes(entry.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return EventEnvelope.of(eventId, perCase ? CASE_ID : null, perCase ? 7 : 0,
                Instant.parse("2026-03-02T09:15:30.123Z"), ACTOR,
                UUID.fromString("0b9e3c7e-1f7d-4bb0-9a43-52a4a5ac0001"), SOURCE, payload);
    }
}
