package ch.iiz.e2e;

import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.ServiceProcesses;
import ch.iiz.localstack.TestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 10: one rule of who may see what (DOMAIN.md, "Who may see what"), checked on every operation of every service
 * (enumerated from each service's OpenAPI document, so a new endpoint is covered without touching this test) for
 * every kind of caller and every relation a caller can have to a case. Mismatches are collected and reported at once.
 */
class AuthorizationMatrixTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String PROBLEM_JSON = "application/problem+json";

    static TestInfrastructure infra;
    static ServiceProcesses services;

    // ------------------------------------------------------------------ callers

    enum Relation {
        NAMED("participant named by consent"),
        NEVER("never participant"),
        FORMER("former participant"),
        REVOKED("participant, consent revoked"),
        AUDITOR("auditor"),
        OPS("operations");

        final String text;

        Relation(String text) {
            this.text = text;
        }

        boolean withoutAccess() {
            return this == NEVER || this == FORMER || this == REVOKED;
        }
    }

    record Who(String label, DevInstitution institution, Relation relation) {
    }

    static final List<Who> CALLERS = List.of(
            new Who("RAV-AARAU", DevInstitution.RAV_AARAU, Relation.NAMED),
            new Who("SD-MENZ", DevInstitution.SD_MENZIKEN, Relation.NAMED),
            new Who("RAV-SURS", DevInstitution.RAV_SURSEE, Relation.NEVER),
            new Who("IV-LU-WAS", DevInstitution.IV_LUZERN, Relation.NEVER),
            new Who("SD-REIN", DevInstitution.SD_REINACH, Relation.FORMER),
            new Who("IV-AG-SVA", DevInstitution.IV_AARGAU, Relation.REVOKED),
            new Who("AUDIT", DevInstitution.AUDITOR, Relation.AUDITOR),
            new Who("OPS", DevInstitution.OPS, Relation.OPS));

    // ------------------------------------------------------------------ the scenario

    /** Ids the scenario creates; path parameters are filled from them. */
    static final class Scenario {
        String caseId;
        String clientId;
        String billedCaseId;
        String billedClientId;
        String invoiceId;
        YearMonth month;
        LocalDate day;
        final String measureId = "mea-matrix";
        /** A course of joint measure planning and a shared vacancy of the Hessen cooperation (placement-service). */
        String courseId;
        String vacancyId;
        final String revokedConsentId = "cons-matrix-2";

        /** Strings that no 2xx answer to a caller without access may carry. */
        List<String> secrets() {
            return List.of(caseId, clientId, billedCaseId, billedClientId, invoiceId);
        }
    }

    static final Scenario S = new Scenario();

    @BeforeAll
    static void startTheSystem() throws Exception {
        infra = TestInfrastructure.get();
        services = E2eSystem.start(infra, "matrix", 21081);
    }

    @AfterAll
    static void stopTheSystem() {
        if (services != null) {
            services.close();
        }
    }

    static String token(DevInstitution who) {
        return infra.tokens().mint(who, Duration.ofMinutes(30));
    }

    static Response call(DevInstitution who, String method, String service, String path, Object body) {
        RequestSpecification spec = given().auth().oauth2(token(who)).urlEncodingEnabled(false);
        if (path.endsWith("/payments/camt054")) {
            // an XML document endpoint: a well-formed but empty notification, so access decides, not the media type
            spec = spec.contentType("application/xml").body("<Document/>");
        } else if (body != null) {
            spec = spec.contentType(ContentType.JSON).body(body);
        }
        return spec.when().request(method, services.url(service) + path);
    }

    static Response get(DevInstitution who, String service, String path) {
        return call(who, "GET", service, path, null);
    }

    static Response post(DevInstitution who, String service, String path, Object body) {
        return call(who, "POST", service, path, body);
    }

    static Response expect(Response r, int status, String what) {
        if (r.statusCode() != status) {
            fail("scenario step '" + what + "' answered " + r.statusCode() + ": " + r.asString());
        }
        return r;
    }

    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException ignored) {
                // not there yet
            }
            sleep(500);
        }
        fail("scenario: waited " + WAIT + " for " + what);
    }

    /** Like {@link #await} but only reports: a broken read rule must not stop the matrix from being drawn. */
    static void awaitQuietly(String what, BooleanSupplier condition) {
        try {
            await(what, condition);
        } catch (AssertionError e) {
            System.out.println("[matrix] WARNING " + e.getMessage() + " (continuing)");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> participant(DevInstitution who) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("institutionId", who.id()); // type, canton and municipality come from the registry
        return p;
    }

    static Map<String, Object> consent(String consentId, String givenOn, DevInstitution... named) {
        return Map.of("consentId", consentId, "givenOn", givenOn,
                "institutionIds", java.util.Arrays.stream(named).map(DevInstitution::id).toList(),
                "documentRef", "dms://consent/" + consentId);
    }

    static String lead(String caseId) {
        return get(DevInstitution.SD_MENZIKEN, "case-service", "/cases/" + caseId).path("leadInstitutionId");
    }

    static int kpiCases(DevInstitution who, String query) {
        Response r = get(who, "reporting-service", "/kpis" + query);
        if (r.statusCode() != 200) {
            return -1;
        }
        Number n = r.path("cases");
        return n == null ? -1 : n.intValue();
    }

    static final DevInstitution MENZ = DevInstitution.SD_MENZIKEN;
    static final DevInstitution AARAU = DevInstitution.RAV_AARAU;
    static final DevInstitution SVA = DevInstitution.IV_AARGAU;
    static final DevInstitution REINACH = DevInstitution.SD_REINACH;

    /**
     * Builds the scenario through the public APIs. The main case is an Aargau case of Menziken where the client is
     * registered with both the RAV and the IV, so that the IV office leads; revoking the only consent naming the IV
     * therefore leaves it a participant (the lead is never removed) that no consent in force names.
     */
    static void buildScenario() {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Zurich"));
        S.month = YearMonth.from(today).minusMonths(1);
        S.day = S.month.atDay(2);
        String day = S.day.toString();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        S.clientId = "cl-matrix-" + suffix;
        S.billedClientId = "cl-matrix-billed-" + suffix;

        // the main case: opened by Menziken with the RAV Aarau and the SVA Aargau, a consent naming all three
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("clientId", S.clientId);
        open.put("cooperationModel", "AARGAU");
        open.put("program", "AMIPLUS");
        open.put("canton", "AG");
        open.put("openedOn", day);
        open.put("entitlements", List.of(Map.of("benefit", "SOCIAL_ASSISTANCE", "institutionId", MENZ.id()),
                Map.of("benefit", "ALV", "institutionId", AARAU.id()), Map.of("benefit", "IV", "institutionId", SVA.id())));
        open.put("participants", List.of(participant(AARAU), participant(SVA)));
        open.put("consent", consent("cons-matrix-1", day, MENZ, AARAU, SVA));
        S.caseId = expect(post(MENZ, "case-service", "/cases", open), 201, "open the case").path("caseId");
        String c = "/cases/" + S.caseId;
        // referral-service decides that the IV office leads (registered with ALV and IV), case-service records it
        await("the IV office to lead the case", () -> SVA.id().equals(lead(S.caseId)));

        // Reinach: named by a second consent, added, then that consent revoked -> former participant
        expect(post(MENZ, "case-service", c + "/consents", consent(S.revokedConsentId, day, MENZ, AARAU, REINACH)),
                200, "consent naming Reinach");
        expect(post(MENZ, "case-service", c + "/participants", Map.of("participant", participant(REINACH),
                "addedOn", day)), 200, "add Reinach");
        // a consent in force for Menziken and Aarau only
        expect(post(MENZ, "case-service", c + "/consents", consent("cons-matrix-3", day, MENZ, AARAU)),
                200, "third consent (Menziken, Aarau)");
        expect(post(MENZ, "case-service", c + "/consents/" + S.revokedConsentId + "/revocation",
                Map.of("revokedOn", day)), 200, "revoke the consent naming Reinach");
        // the first consent (the only one naming the SVA) revoked: the consent reaches everyone, the lead included
        // (DOMAIN.md), so the SVA leaves the case and the lead returns; its access must end on every service
        expect(post(MENZ, "case-service", c + "/consents/cons-matrix-1/revocation", Map.of("revokedOn", day)),
                200, "revoke the consent naming the SVA");
        expect(post(MENZ, "case-service", c + "/measures", Map.of("measureId", S.measureId, "kind", "COACHING",
                "provider", "Coach AG", "estimatedCostChf", "100.00", "financingInstitutionId", MENZ.id(),
                "proposedOn", day)), 200, "propose a measure");
        JsonPath state = expect(get(MENZ, "case-service", c), 200, "read the case").jsonPath();
        List<String> participants = state.getList("participants.institutionId");
        System.out.println("[matrix] case " + S.caseId + " lead=" + state.getString("leadInstitutionId")
                + " participants=" + participants);
        if (participants.contains(SVA.id()) || participants.contains(REINACH.id())) {
            fail("scenario: expected neither the SVA (consent revoked) nor Reinach among the participants: "
                    + participants);
        }

        // a second case of Menziken and Aarau, billed and invoiced, for the invoice endpoints
        Map<String, Object> openBilled = new LinkedHashMap<>();
        openBilled.put("clientId", S.billedClientId);
        openBilled.put("cooperationModel", "AARGAU");
        openBilled.put("program", "AMIPLUS");
        openBilled.put("canton", "AG");
        openBilled.put("openedOn", day);
        openBilled.put("entitlements", List.of(Map.of("benefit", "SOCIAL_ASSISTANCE", "institutionId", MENZ.id())));
        openBilled.put("participants", List.of(participant(AARAU)));
        openBilled.put("consent", consent("cons-matrix-b", day, MENZ, AARAU));
        S.billedCaseId = expect(post(MENZ, "case-service", "/cases", openBilled), 201, "open the billed case")
                .path("caseId");
        expect(post(MENZ, "case-service", "/cases/" + S.billedCaseId + "/mandate", Map.of("ravInstitutionId", AARAU.id(),
                "costApprovalRef", "KG-matrix", "issuedOn", day)), 200, "mandate");
        await("billing to charge the billed case", () -> {
            Response r = get(MENZ, "billing-service", "/cases/" + S.billedCaseId + "/charge-preview?asOf="
                    + S.month.atEndOfMonth());
            return r.statusCode() == 200 && !r.jsonPath().getList("charged").isEmpty();
        });
        Response closed = expect(post(AARAU, "billing-service", "/billing-months/" + S.month + "/close",
                Map.of("closedOn", today.toString())), 200, "the RAV closes its month");
        S.invoiceId = closed.jsonPath().<String>getList("invoiceIds").stream()
                .filter(id -> id.contains(MENZ.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no invoice to Menziken in " + closed.asString()));

        // Hessen: a course the Jobcenter Kassel announced (decided by nobody during the matrix) and a vacancy the
        // Agentur fuer Arbeit Kassel shares with its cooperation; no caller of the matrix is of that cooperation
        S.courseId = expect(post(DevInstitution.JC_KASSEL, "placement-service", "/courses", announcement(today)), 201,
                "announce a course").path("courseId");
        S.vacancyId = expect(post(DevInstitution.AA_KASSEL, "placement-service", "/vacancies", vacancy(today)), 201,
                "record a vacancy").path("vacancyId");

        // every service has seen the cases' events
        List<String> caseEvents = get(MENZ, "case-service", c + "/events").jsonPath().getList("eventId");
        awaitQuietly("reporting to show every event of the case", () -> get(DevInstitution.AUDITOR, "reporting-service",
                c + "/timeline").jsonPath().getList("eventId").containsAll(caseEvents));
        awaitQuietly("no consumer lag on any topic", () -> {
            Response r = get(DevInstitution.OPS, "reporting-service", "/ops/topics?fresh=true");
            List<Number> lags = r.jsonPath().getList("consumerGroups.totalLag");
            return r.statusCode() == 200 && !lags.isEmpty() && lags.stream().allMatch(l -> l.longValue() == 0);
        });
        awaitQuietly("referral-service to know the case", () -> get(MENZ, "referral-service", c + "/lead")
                .statusCode() == 200);
        awaitQuietly("billing-service to know the case", () -> get(MENZ, "billing-service", c + "/charge-preview")
                .statusCode() == 200);
    }

    static Map<String, Object> announcement(LocalDate today) {
        return Map.of("measureKind", "TRAINING", "provider", "Bildungswerk Nordhessen", "seats", 10,
                "minimumParticipants", 2, "startDate", today.plusDays(44).toString(), "pricePerSeat", "1850.00",
                "decisionDate", today.plusDays(30).toString());
    }

    static Map<String, Object> vacancy(LocalDate today) {
        return Map.of("occupation", "Fachkraft Lagerlogistik", "workloadPercent", 100,
                "validUntil", today.plusDays(60).toString());
    }

    // ------------------------------------------------------------------ operations

    record Operation(String service, String method, String template) {
        String name() {
            return method + " " + service.replace("-service", "") + " " + template;
        }

        boolean write() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }
    }

    static List<Operation> operations() {
        List<Operation> all = new ArrayList<>();
        for (String service : ServiceProcesses.SERVICES) {
            Response doc = given().when().get(services.url(service) + "/q/openapi?format=json");
            if (doc.statusCode() != 200) {
                fail(service + ": no OpenAPI document (" + doc.statusCode() + ")");
            }
            Map<String, Map<String, Object>> paths = doc.jsonPath().getMap("paths");
            paths.forEach((path, methods) -> methods.keySet().stream()
                    .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                    .forEach(m -> all.add(new Operation(service, m.toUpperCase(), path))));
        }
        // reads first, then writes; of the writes, those that would end the case last, and a projection rebuild
        // (which empties the read models for a while) at the very end
        all.sort(Comparator.comparingInt(AuthorizationMatrixTest::order).thenComparing(Operation::name));
        return all;
    }

    static int order(Operation op) {
        if (!op.write()) {
            return 0;
        }
        if (op.template().startsWith("/ops")) {
            return 3;
        }
        if (op.template().endsWith("/close") || op.template().endsWith("/abort")
                || op.template().endsWith("/exclusion-criteria") || op.template().endsWith("/personal-data")) {
            return 2;
        }
        return 1;
    }

    static final Set<String> UNKNOWN_PARAMETERS = new java.util.TreeSet<>();

    static String fill(Operation op) {
        Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(op.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "caseId" -> S.caseId;
                case "consentId" -> S.revokedConsentId;
                case "measureId" -> S.measureId;
                case "invoiceId" -> S.invoiceId;
                case "month" -> S.month.toString();
                case "phase" -> "1";
                case "handoverId" -> "ho-matrix-none";
                case "institutionId" -> "RAV-AG-AARAU";
                case "courseId" -> S.courseId;
                case "reservationId" -> "rsv-matrix-none";
                case "vacancyId" -> S.vacancyId;
                default -> {
                    UNKNOWN_PARAMETERS.add(op.name() + " {" + m.group(1) + "}");
                    yield "x";
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static final Set<String> NO_KNOWN_BODY = new java.util.TreeSet<>();

    /**
     * A minimal valid body per write. Where an authorised caller would otherwise change the scenario (end the case,
     * revoke the consent in force, issue a mandate), the body is valid but refused by a rule (409), which is enough:
     * an authorised caller must get past authorisation, an unauthorised one must not.
     */
    static Object body(Operation op) {
        String today = LocalDate.now(java.time.ZoneId.of("Europe/Zurich")).toString();
        String t = op.template();
        Object body = switch (op.service() + " " + t) {
            case "case-service /cases" -> Map.of("clientId", "cl-matrix-other-" + UUID.randomUUID(),
                    "cooperationModel", "AARGAU", "program", "AMIPLUS", "canton", "AG");
            case "case-service /cases/{caseId}/consents" -> Map.of("institutionIds", List.of(MENZ.id(), AARAU.id()),
                    "documentRef", "dms://consent/matrix-extra");
            case "case-service /cases/{caseId}/consents/{consentId}/revocation" -> Map.of("revokedOn", today);
            case "case-service /cases/{caseId}/participants" -> Map.of("participant", participant(AARAU));
            // an institution outside the case: valid, refused by a rule (the lead would otherwise be re-evaluated)
            case "case-service /cases/{caseId}/entitlements",
                 "case-service /cases/{caseId}/entitlements/ending" -> Map.of("entitlement",
                    Map.of("benefit", "ALV", "institutionId", "RAV-LU-SURSEE"));
            case "case-service /cases/{caseId}/mandate" -> Map.of("ravInstitutionId", "RAV-LU-SURSEE",
                    "costApprovalRef", "KG-matrix-x");
            case "case-service /cases/{caseId}/exclusion-criteria" -> Map.of("criterion", "GERMAN_BELOW_A2");
            case "case-service /cases/{caseId}/phases/{phase}/decision" -> Map.of("continueProgram", false);
            case "case-service /cases/{caseId}/phases/3/extension" -> Map.of("newPlannedEndOn",
                    LocalDate.parse(today).plusMonths(1).toString());
            case "case-service /cases/{caseId}/integration-plans" -> Map.of("documentRef", "dms://plan/matrix");
            case "case-service /cases/{caseId}/reports" -> Map.of("kind", "INTEGRATION_REPORT",
                    "documentRef", "dms://report/matrix");
            case "case-service /cases/{caseId}/measures" -> Map.of("kind", "COACHING", "provider", "Coach AG",
                    "estimatedCostChf", "50.00", "financingInstitutionId", MENZ.id());
            case "case-service /cases/{caseId}/measures/{measureId}/cost-approval" -> Map.of("costApprovalId",
                    "KG-matrix-m", "approvedAmountChf", "100.00");
            case "case-service /cases/{caseId}/measures/{measureId}/cost-refusal" -> Map.of("reason", "too dear");
            case "case-service /cases/{caseId}/measures/{measureId}/start" -> Map.of();
            case "case-service /cases/{caseId}/measures/{measureId}/completion" -> Map.of("costChf", "0.00");
            case "case-service /cases/{caseId}/measures/{measureId}/cancellation" -> Map.of("reason", "matrix");
            case "case-service /cases/{caseId}/abort" -> Map.of("reason", "CLIENT_MOVED_AWAY");
            // the opener erases the client's personal data for real, among the last writes (409 on a repeat)
            case "case-service /cases/{caseId}/personal-data" -> Map.of("legalBasis", "matrix: Art. 32 DSG");
            case "case-service /cases/{caseId}/close" -> Map.of("outcome", "OTHER",
                    "detachedFromSocialAssistance", false);
            case "referral-service /cases/{caseId}/handovers" -> Map.of("toInstitutionId", AARAU.id(),
                    "reason", "better competences");
            case "referral-service /cases/{caseId}/handovers/{handoverId}/acceptance",
                 "referral-service /cases/{caseId}/handovers/{handoverId}/decline",
                 "referral-service /cases/{caseId}/handovers/{handoverId}/withdrawal" -> Map.of("reason", "matrix");
            case "referral-service /cases/{caseId}/handovers/{handoverId}/extension" -> Map.of("newLeadUntil",
                    LocalDate.parse(today).plusMonths(2).toString());
            case "referral-service /cases/{caseId}/handovers/{handoverId}/recall" -> Map.of();
            case "referral-service /cases/{caseId}/routing" -> Map.of("toInstitutionId", AARAU.id());
            case "referral-service /cases/{caseId}/youth-agency" -> Map.of("coordinatingInstitutionId", AARAU.id(),
                    "coLeadInstitutionIds", List.of(MENZ.id()));
            case "billing-service /billing-months/{month}/close" -> Map.of("closedOn", today);
            // writers announce courses of their own; a reservation for the scenario's case is refused by a rule (its
            // measure is no training with an approved cost), the withdrawal (no such reservation) and the decision
            // (not the organiser) too
            case "placement-service /courses" -> announcement(LocalDate.parse(today));
            case "placement-service /courses/{courseId}/reservations" -> Map.of("caseId", S.caseId,
                    "measureId", S.measureId);
            case "placement-service /courses/{courseId}/reservations/{reservationId}/withdrawal",
                 "placement-service /courses/{courseId}/decision" -> Map.of();
            case "placement-service /vacancies" -> vacancy(LocalDate.parse(today));
            case "placement-service /vacancies/{vacancyId}/proposals" -> Map.of("caseId", S.caseId);
            case "placement-service /vacancies/{vacancyId}/proposals/{caseId}/outcome" -> Map.of("outcome", "APPLIED");
            case "reporting-service /ops/projections/rebuild" -> null;
            default -> {
                NO_KNOWN_BODY.add(op.name());
                yield Map.of();
            }
        };
        return body;
    }

    // ------------------------------------------------------------------ the rule

    /** What the rule expects of one call. */
    record Expectation(String text, java.util.function.IntPredicate status, boolean problemJson) {
        static Expectation is(int... codes) {
            Set<Integer> set = java.util.Arrays.stream(codes).boxed().collect(Collectors.toSet());
            String text = set.size() == 1 ? String.valueOf(codes[0])
                    : set.stream().sorted().map(String::valueOf).collect(Collectors.joining("|"));
            return new Expectation(text, set::contains, false);
        }

        static Expectation notFoundProblem() {
            return new Expectation("404 problem+json", s -> s == 404, true);
        }

        static Expectation passes() {
            return new Expectation("not 401/403/404", s -> s != 401 && s != 403 && s != 404 && s < 500, false);
        }
    }

    /**
     * Reads of a handover: an Aargau case takes no handovers (OPTIMA only), so the scenario has none to read and an
     * authorised caller may get 404 for the handover; callers without access must still get 404 for the case.
     */
    static boolean noSuchSubResource(Operation op) {
        return !op.write() && op.template().contains("{handoverId}");
    }

    static boolean isCaseContent(Operation op) {
        return op.template().contains("{caseId}");
    }

    static Expectation expected(Operation op, Who who) {
        String t = op.template();
        boolean ops = op.service().equals("reporting-service") && t.startsWith("/ops");
        boolean me = t.equals("/me");
        boolean invoice = t.contains("{invoiceId}");
        boolean monthClose = t.startsWith("/billing-months/");
        // the auditor's replay views (complete history, past states) are the auditor's alone, whatever the relation
        boolean audit = t.startsWith("/audit/"); // reporting's replays, case-service's erasure record
        // only the institution that opened the case erases its client's personal data
        boolean erasure = op.write() && t.endsWith("/personal-data");
        if (me) {
            return Expectation.is(200);
        }
        if (t.equals("/audit/anchors")) {
            // a digest over all case heads, no case content: auditors and operations read and publish it
            return who.relation() == Relation.AUDITOR || who.relation() == Relation.OPS
                    ? new Expectation("2xx", st -> st >= 200 && st < 300, false) : Expectation.is(403);
        }
        if (t.equals("/payments/camt054")) {
            // a creditor's own payments: like closing its months, only a creditor (in the scenario the RAV Aarau)
            return who.institution().equals(AARAU) ? Expectation.passes() : Expectation.is(403);
        }
        if (t.equals("/statements") || t.equals("/payments/unmatched")) {
            // billing's own documents: who may see invoices decides first; what the caller then gets depends on
            // parameters and bodies the matrix does not vary (a missing period is a 400, JSON for camt.054 a 415)
            if (who.relation() == Relation.OPS || (op.write() && who.relation() == Relation.AUDITOR)) {
                return Expectation.is(403);
            }
            return new Expectation("no refusal of access", st -> st != 401 && st != 403 && st != 404 && st < 500,
                    false);
        }
        if (t.startsWith("/institutions")) {
            // the registry is no case content: everyone reads it, only administrators (none in the matrix) write it
            return op.write() ? Expectation.is(403) : Expectation.is(200);
        }
        Expectation placement = placementExpectation(op, who);
        if (placement != null) {
            return placement;
        }
        switch (who.relation()) {
            case OPS:
                if (ops) {
                    return op.write() ? new Expectation("2xx", s -> s >= 200 && s < 300, false) : Expectation.is(200);
                }
                return op.write() ? Expectation.is(403) : Expectation.is(403, 404);
            case AUDITOR:
                if (op.write()) {
                    return Expectation.is(403);
                }
                if (noSuchSubResource(op)) {
                    return Expectation.is(200, 404);
                }
                return ops ? Expectation.is(200, 403) : Expectation.is(200);
            default:
                break;
        }
        if (ops || audit) {
            return Expectation.is(403);
        }
        if (monthClose) {
            // only the creditor closes its own months; in the scenario only the RAV Aarau is a creditor
            return who.institution().equals(AARAU) ? Expectation.passes() : Expectation.is(403);
        }
        if (who.relation() == Relation.NAMED) {
            if (noSuchSubResource(op)) {
                return Expectation.is(200, 404);
            }
            if (invoice) {
                return Expectation.is(200); // the RAV issued it, Menziken received it
            }
            if (erasure) {
                return who.institution().equals(MENZ) ? Expectation.passes() : Expectation.is(403);
            }
            return op.write() ? Expectation.passes() : Expectation.is(200);
        }
        // never, former, consent revoked
        if (isCaseContent(op) || invoice) {
            return Expectation.notFoundProblem();
        }
        return op.write() ? Expectation.passes() : Expectation.is(200);
    }

    /**
     * placement-service (Hessen, DOMAIN.md and AccessRule): courses are no client data, every institution and the
     * auditor reads them, operations never; a course is acted on by writers, the rules (organiser, own reservation)
     * refuse the rest with 409. A reservation or a proposal names a case in its body: 404 unless the caller may act on
     * that case. Vacancies are recorded by employment agencies only and shared with the job centres, employment
     * agencies and municipal offices of their region; no institution of the matrix (Aargau, Luzern) is of the Hessen
     * cooperation, so the vacancy does not exist for them. Null: the general rule (case content, e.g. a case's
     * placements).
     */
    static Expectation placementExpectation(Operation op, Who who) {
        if (!op.service().equals("placement-service")) {
            return null;
        }
        String t = op.template();
        boolean auditor = who.relation() == Relation.AUDITOR;
        if (auditor && t.equals("/audit/cases/{caseId}/chain")) {
            // placement-service's hash chains run per course and vacancy, not per case: a case has none there
            return Expectation.is(200, 404);
        }
        if (who.relation() == Relation.OPS || (auditor && op.write())) {
            return Expectation.is(403);
        }
        if (t.startsWith("/courses")) {
            if (!op.write()) {
                return Expectation.is(200);
            }
            if (t.endsWith("/reservations")) {
                return who.relation() == Relation.NAMED ? Expectation.passes() : Expectation.notFoundProblem();
            }
            return Expectation.passes();
        }
        if (t.startsWith("/vacancies")) {
            if (t.equals("/vacancies")) {
                return op.write() ? Expectation.is(403) : Expectation.is(200);
            }
            return auditor ? Expectation.is(200) : Expectation.notFoundProblem();
        }
        return null;
    }

    /** What a list must show an authorised caller, so that the absence checks above are not vacuous. */
    static String mustList(Operation op, Who who) {
        if (op.write() || !(who.relation() == Relation.NAMED || who.relation() == Relation.AUDITOR)) {
            return null;
        }
        if (op.template().equals("/cases")) {
            return S.caseId;
        }
        if (op.template().equals("/invoices")) {
            return S.invoiceId;
        }
        if (op.template().equals("/courses")) {
            return S.courseId;
        }
        return null;
    }

    record Outcome(Operation op, Who who, String path, int status, String contentType, Expectation expected,
                   List<String> problems) {
    }

    // ------------------------------------------------------------------ the test

    @Test
    void every_operation_of_every_service_follows_the_one_rule_of_who_may_see_what() {
        // Reinach's KPIs before it ever takes part in the case: they must not count it afterwards
        int reinachBefore = kpiCases(REINACH, "");
        int reinachMenzikenBefore = kpiCases(REINACH, "?municipality=Menziken");
        int auditorMenzikenBefore = kpiCases(DevInstitution.AUDITOR, "?municipality=Menziken");

        buildScenario();

        List<String> mismatches = new ArrayList<>();
        awaitQuietly("the auditor's Menziken KPIs to count the new cases",
                () -> kpiCases(DevInstitution.AUDITOR, "?municipality=Menziken") > auditorMenzikenBefore);
        int reinachAfter = kpiCases(REINACH, "");
        int reinachMenzikenAfter = kpiCases(REINACH, "?municipality=Menziken");
        if (reinachAfter != reinachBefore) {
            mismatches.add("reporting | GET /kpis | SD-REIN (former participant) | cases unchanged (" + reinachBefore
                    + ") | " + reinachAfter + " (counts Menziken's case)");
        }
        if (reinachMenzikenAfter > 0) {
            mismatches.add("reporting | GET /kpis?municipality=Menziken | SD-REIN (former participant) | "
                    + "no Menziken case counted | cases=" + reinachMenzikenAfter + " (before the scenario "
                    + reinachMenzikenBefore + ")");
        }

        System.out.println("[matrix] KPI cases: Reinach " + reinachBefore + " -> " + reinachAfter
                + ", Reinach asking for Menziken " + reinachMenzikenBefore + " -> " + reinachMenzikenAfter
                + ", auditor asking for Menziken " + auditorMenzikenBefore + " -> "
                + kpiCases(DevInstitution.AUDITOR, "?municipality=Menziken"));

        List<Operation> operations = operations();
        List<Outcome> outcomes = new ArrayList<>();
        for (Operation op : operations) {
            String path = fill(op);
            for (Who who : CALLERS) {
                Object body = op.write() ? body(op) : null;
                Response r = call(who.institution(), op.method(), op.service(), path, body);
                Expectation e = expected(op, who);
                List<String> problems = new ArrayList<>();
                String contentType = r.contentType() == null ? "" : r.contentType();
                if (!e.status().test(r.statusCode())) {
                    problems.add("expected " + e.text() + ", got " + r.statusCode());
                } else if (e.problemJson() && !contentType.startsWith(PROBLEM_JSON)) {
                    problems.add("expected " + e.text() + ", got " + r.statusCode() + " as '" + contentType + "'");
                }
                String mustList = mustList(op, who);
                if (mustList != null && r.statusCode() == 200 && !r.asString().contains(mustList)) {
                    problems.add("the list misses " + mustList + " (which it must show this caller)");
                }
                if (who.relation().withoutAccess() && r.statusCode() >= 200 && r.statusCode() < 300) {
                    String text = r.asString();
                    List<String> leaked = S.secrets().stream().filter(s -> s != null && text.contains(s)).toList();
                    if (!leaked.isEmpty()) {
                        problems.add("2xx body carries " + describe(leaked));
                    }
                }
                outcomes.add(new Outcome(op, who, path, r.statusCode(), contentType, e, problems));
            }
        }

        printTable(operations, outcomes);
        outcomes.stream().filter(o -> !o.problems().isEmpty()).forEach(o -> mismatches.add(
                o.op().service().replace("-service", "") + " | " + o.op().method() + " " + o.op().template() + " | "
                        + o.who().label() + " (" + o.who().relation().text + ") | " + String.join("; ", o.problems())));
        if (!UNKNOWN_PARAMETERS.isEmpty()) {
            System.out.println("[matrix] path parameters the scenario has no id for (filled with 'x'): "
                    + UNKNOWN_PARAMETERS);
        }
        if (!NO_KNOWN_BODY.isEmpty()) {
            System.out.println("[matrix] writes sent with an empty body (no minimal body known): " + NO_KNOWN_BODY);
        }
        if (!mismatches.isEmpty()) {
            Map<String, List<String>> grouped = new TreeMap<>();
            for (String m : mismatches) {
                grouped.computeIfAbsent(m.substring(0, m.indexOf(" |")), k -> new ArrayList<>()).add(m);
            }
            StringBuilder report = new StringBuilder(mismatches.size() + " calls break the rule of who may see what"
                    + " (service | operation | caller | problem):\n");
            grouped.forEach((service, list) -> {
                report.append("-- ").append(service).append(" (").append(list.size()).append(")\n");
                list.forEach(m -> report.append("   ").append(m).append('\n'));
            });
            System.out.println(report);
            fail(report.toString());
        }
    }

    String describe(List<String> leaked) {
        return leaked.stream().map(s -> s.equals(S.caseId) ? "the case id"
                : s.equals(S.clientId) ? "the client id"
                : s.equals(S.billedCaseId) ? "the billed case's id"
                : s.equals(S.billedClientId) ? "the billed case's client id"
                : "the invoice id").collect(Collectors.joining(", "));
    }

    static void printTable(List<Operation> operations, List<Outcome> outcomes) {
        int width = operations.stream().mapToInt(o -> o.name().length()).max().orElse(10) + 1;
        StringBuilder table = new StringBuilder("\n[matrix] status per operation and caller (* = breaks the rule); case "
                + S.caseId + ", invoice " + S.invoiceId + "\n");
        table.append(String.format("%-" + width + "s", "operation"));
        CALLERS.forEach(c -> table.append(String.format(" %-10s", c.label())));
        table.append('\n').append(String.format("%-" + width + "s", "  (relation)"));
        CALLERS.forEach(c -> table.append(String.format(" %-10s", c.relation().name().toLowerCase())));
        table.append('\n');
        for (Operation op : operations) {
            table.append(String.format("%-" + width + "s", op.name()));
            for (Who who : CALLERS) {
                Outcome o = outcomes.stream().filter(x -> x.op().equals(op) && x.who().equals(who)).findFirst()
                        .orElseThrow();
                table.append(String.format(" %-10s", o.status() + (o.problems().isEmpty() ? "" : "*")));
            }
            table.append('\n');
        }
        System.out.println(table);
    }
}
