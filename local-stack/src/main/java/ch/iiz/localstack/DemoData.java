package ch.iiz.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A realistic demo, loaded through the services' REST APIs exactly as back-office systems would: two cantons, three
 * municipalities, a dozen AMIplus cases across the three phases (reports due, one overdue, one aborted for lack of
 * cooperation, one closed with a permanent job), measures with cost approvals, OPTIMA handovers accepted, declined and
 * one about to expire, and a closed billing month.
 */
public final class DemoData {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final DevTokens tokens;
    private final String cases;
    private final String referral;
    private final String billing;
    private final String placement;
    private final LocalDate today;
    private final List<String> created = new ArrayList<>();
    private java.time.Instant beforeClose;

    public DemoData(DevTokens tokens, int httpPortBase, LocalDate today) {
        this.tokens = tokens;
        this.cases = "http://127.0.0.1:" + httpPortBase;
        this.referral = "http://127.0.0.1:" + (httpPortBase + 1);
        this.billing = "http://127.0.0.1:" + (httpPortBase + 2);
        this.placement = "http://127.0.0.1:" + (httpPortBase + 4);
        this.today = today;
    }

    /** Loads the demo; returns the ids of the cases it opened, the closed one first. */
    public List<String> load() {
        String closed = amiplusCase(DevInstitution.SD_MENZIKEN, "cl-demo-job", 3, Ending.PERMANENT_JOB);
        amiplusCase(DevInstitution.SD_MENZIKEN, "cl-demo-abort", 2, Ending.LACK_OF_COOPERATION);
        amiplusCase(DevInstitution.SD_MENZIKEN, "cl-demo-overdue", 1, Ending.OVERDUE_REPORT);
        for (int i = 1; i <= 3; i++) {
            amiplusCase(i % 2 == 0 ? DevInstitution.SD_REINACH : DevInstitution.SD_MENZIKEN, "cl-demo-p1-" + i, 1, Ending.NONE);
        }
        for (int i = 1; i <= 4; i++) {
            amiplusCase(i % 2 == 0 ? DevInstitution.SD_REINACH : DevInstitution.SD_MENZIKEN, "cl-demo-p2-" + i, 2, Ending.NONE);
        }
        amiplusCase(DevInstitution.SD_REINACH, "cl-demo-p3-1", 3, Ending.NONE);
        amiplusCase(DevInstitution.SD_MENZIKEN, "cl-demo-p3-2", 3, Ending.NONE);

        optimaCase("cl-demo-optima-1", DevInstitution.IV_LUZERN, Answer.ACCEPT, today.plusMonths(5));
        optimaCase("cl-demo-optima-2", DevInstitution.SD_SURSEE, Answer.DECLINE, today.plusMonths(5));
        optimaCase("cl-demo-optima-3", DevInstitution.IV_LUZERN, Answer.ACCEPT, today.plusDays(3));

        hessenPlacements();

        // Billing closes last month for the RAV once it has seen the charges.
        String sample = created.get(0);
        await("billing sees the demo charges", () -> get(billing + "/cases/" + sample + "/charge-preview",
                DevInstitution.RAV_AARAU), r -> r.path("charged").size() > 0);
        post(billing + "/billing-months/" + YearMonth.from(today).minusMonths(1) + "/close", DevInstitution.RAV_AARAU,
                Map.of());
        created.remove(closed);
        created.add(0, closed);
        return created;
    }

    /** An instant while the closed demo case was still running: the auditor's as-of view shows it open. */
    public java.time.Instant beforeClose() {
        return beforeClose;
    }

    enum Ending { NONE, OVERDUE_REPORT, LACK_OF_COOPERATION, PERMANENT_JOB }

    enum Answer { ACCEPT, DECLINE }

    private String amiplusCase(DevInstitution municipality, String client, int phase, Ending ending) {
        LocalDate start = switch (phase) {
            case 1 -> ending == Ending.OVERDUE_REPORT ? today.minusDays(75) : today.minusDays(20);
            case 2 -> today.minusDays(150);
            default -> today.minusDays(400);
        };
        JsonNode opened = post(cases + "/cases", municipality, Map.of(
                "clientId", client, "cooperationModel", "AARGAU", "program", "AMIPLUS", "canton", "AG",
                "openedOn", start.toString(),
                "entitlements", List.of(Map.of("benefit", "SOCIAL_ASSISTANCE", "institutionId", municipality.id())),
                "participants", List.of(Map.of("institutionId", "RAV-AG-AARAU")),
                "consent", Map.of("givenOn", start.toString(), "institutionIds", List.of(municipality.id(), "RAV-AG-AARAU"),
                        "documentRef", "dms://consent/" + client)));
        String id = opened.path("caseId").asText();
        created.add(id);
        String at = cases + "/cases/" + id;
        post(at + "/mandate", municipality, Map.of("ravInstitutionId", "RAV-AG-AARAU",
                "costApprovalRef", "KG-" + client, "issuedOn", start.toString()));
        // The RAV leads once referral-service has decided and case-service applied it.
        await("the RAV leads " + client, () -> get(at, DevInstitution.RAV_AARAU),
                r -> "RAV-AG-AARAU".equals(r.path("leadInstitutionId").asText()));
        LocalDate phaseStart = start;
        for (int current = 1; current < phase; current++) {
            LocalDate next = current == 1 ? phaseStart.plusMonths(1).plusDays(5) : phaseStart.plusMonths(7);
            post(at + "/reports", DevInstitution.RAV_AARAU, Map.of("kind", "INTEGRATION_REPORT",
                    "submittedOn", next.minusDays(10).toString(), "documentRef", "dms://report/" + client + "/" + current));
            post(at + "/phases/" + current + "/decision", municipality, Map.of("continueProgram", true,
                    "decidedOn", next.minusDays(5).toString(), "nextPhaseStartsOn", next.toString(),
                    "nextPhasePlannedEndOn", (current == 1 ? next.plusMonths(7) : next.plusMonths(12)).minusDays(1).toString()));
            phaseStart = next;
        }
        if (phase >= 2) {
            String measure = "mea-" + client;
            post(at + "/measures", DevInstitution.RAV_AARAU, Map.of("measureId", measure, "kind", "EMPLOYMENT_PROGRAMME",
                    "provider", "Stiftung Wendepunkt", "estimatedCostChf", "2400.00",
                    "financingInstitutionId", municipality.id(), "proposedOn", phaseStart.plusDays(3).toString()));
            post(at + "/measures/" + measure + "/cost-approval", municipality, Map.of("costApprovalId", "KG-M-" + client,
                    "approvedAmountChf", "2400.00", "approvedOn", phaseStart.plusDays(5).toString()));
            post(at + "/measures/" + measure + "/start", DevInstitution.RAV_AARAU,
                    Map.of("startedOn", phaseStart.plusDays(10).toString()));
            post(at + "/measures/" + measure + "/completion", DevInstitution.RAV_AARAU, Map.of(
                    "completedOn", phaseStart.plusDays(40).toString(), "costChf", "2355.50"));
        }
        switch (ending) {
            case LACK_OF_COOPERATION -> post(at + "/abort", DevInstitution.RAV_AARAU, Map.of(
                    "reason", "LACK_OF_COOPERATION", "abortedOn", today.minusDays(10).toString()));
            case PERMANENT_JOB -> {
                beforeClose = java.time.Instant.now();
                post(at + "/reports", DevInstitution.RAV_AARAU, Map.of("kind", "FINAL_REPORT",
                        "submittedOn", today.minusDays(6).toString(), "documentRef", "dms://report/" + client + "/final"));
                post(at + "/close", DevInstitution.RAV_AARAU, Map.of("outcome", "PERMANENT_JOB_FIRST_LABOUR_MARKET",
                        "detachedFromSocialAssistance", true, "closedOn", today.minusDays(5).toString()));
            }
            default -> {
            }
        }
        return id;
    }

    private void optimaCase(String client, DevInstitution to, Answer answer, LocalDate plannedEnd) {
        LocalDate opened = today.minusDays(60);
        JsonNode created = post(cases + "/cases", DevInstitution.RAV_SURSEE, Map.of(
                "clientId", client, "cooperationModel", "LUZERN_OPTIMA", "program", "OPTIMA", "canton", "LU",
                "openedOn", opened.toString(),
                "entitlements", List.of(Map.of("benefit", "ALV", "institutionId", "RAV-LU-SURSEE")),
                "participants", List.of(
                        Map.of("institutionId", "IV-LU-WAS"),
                        Map.of("institutionId", "SD-LU-SURSEE")),
                "consent", Map.of("givenOn", opened.toString(), "institutionIds",
                        List.of("RAV-LU-SURSEE", "IV-LU-WAS", "SD-LU-SURSEE"), "documentRef", "dms://consent/" + client)));
        String id = created.path("caseId").asText();
        this.created.add(id);
        await("referral-service knows " + client, () -> get(referral + "/cases/" + id + "/lead", DevInstitution.RAV_SURSEE),
                r -> r.path("version").asLong() >= 1);
        JsonNode proposed = post(referral + "/cases/" + id + "/handovers", DevInstitution.RAV_SURSEE, Map.of(
                "toInstitutionId", to.id(), "reason", "multiple problems: the better competences are there",
                "proposedOn", today.minusDays(20).toString(), "plannedEndOn", plannedEnd.toString(),
                "answerDueOn", today.plusDays(1).toString()));
        String handover = null;
        for (JsonNode h : proposed.path("handovers")) {
            if (h.path("proposedInstitutionId").asText().equals(to.id()) && "PROPOSED".equals(h.path("status").asText())) {
                handover = h.path("handoverId").asText();
            }
        }
        String at = referral + "/cases/" + id + "/handovers/" + handover;
        if (answer == Answer.ACCEPT) {
            post(at + "/acceptance", to, Map.of("on", today.minusDays(18).toString()));
        } else {
            post(at + "/decline", to, Map.of("reason", "no capacity this quarter", "on", today.minusDays(17).toString()));
        }
    }

    /**
     * Hessen (seed 004): two cases of different legal domains (social assistance at the Sozialamt, SGB II at the
     * Jobcenter), a course the Jobcenter organised that both filled to its minimum and that is confirmed (the Sozialamt
     * is invoiced for its seat), an open course with one reservation, and two shared vacancies of the Agentur fuer
     * Arbeit, one of which led to a hire.
     */
    private void hessenPlacements() {
        DevInstitution sa = DevInstitution.SA_KASSEL;
        DevInstitution jc = DevInstitution.JC_KASSEL;
        DevInstitution aa = DevInstitution.AA_KASSEL;
        String social = hessenCase(sa, "cl-demo-he-1", "SOCIAL_ASSISTANCE", jc);
        String sgb2 = hessenCase(jc, "cl-demo-he-2", "SGB_II", aa);
        for (String id : List.of(social, sgb2)) {
            DevInstitution reader = id.equals(social) ? sa : jc;
            await("placement-service knows case " + id, () -> get(placement + "/cases/" + id + "/placements", reader),
                    r -> r.has("caseId"));
        }
        JsonNode confirmed = post(placement + "/courses", jc, Map.of("measureKind", "TRAINING",
                "provider", "Bildungswerk Nordhessen", "seats", 10, "minimumParticipants", 2,
                "startDate", today.plusDays(14).toString(), "pricePerSeat", "1850.00",
                "decisionDate", today.toString(), "announcedOn", today.minusDays(20).toString()));
        String course = confirmed.path("courseId").asText();
        reserve(course, sa, social, "mea-he-training-1");
        reserve(course, jc, sgb2, "mea-he-training-2");
        // Decided by the organiser on its decision day (the job leaves a course alone until that day is over).
        post(placement + "/courses/" + course + "/decision", jc, Map.of());

        JsonNode open = post(placement + "/courses", jc, Map.of("measureKind", "COACHING",
                "provider", "Coaching-Zentrum Kassel", "seats", 12, "minimumParticipants", 8,
                "startDate", today.plusDays(28).toString(), "pricePerSeat", "640.00",
                "decisionDate", today.plusDays(14).toString()));
        reserve(open.path("courseId").asText(), sa, social, "mea-he-coaching-1");

        JsonNode storage = post(placement + "/vacancies", aa, Map.of("occupation", "Fachkraft Lagerlogistik",
                "workloadPercent", 100, "validUntil", today.plusDays(60).toString(),
                "recordedOn", today.minusDays(15).toString()));
        JsonNode retail = post(placement + "/vacancies", aa, Map.of("occupation", "Verkaeufer/in Einzelhandel",
                "workloadPercent", 80, "validUntil", today.plusDays(45).toString(),
                "recordedOn", today.minusDays(10).toString()));
        String v1 = placement + "/vacancies/" + storage.path("vacancyId").asText();
        post(v1 + "/proposals", jc, Map.of("caseId", sgb2, "proposedOn", today.minusDays(12).toString()));
        post(v1 + "/proposals/" + sgb2 + "/outcome", jc, Map.of("outcome", "APPLIED",
                "outcomeDate", today.minusDays(9).toString()));
        post(v1 + "/proposals/" + sgb2 + "/outcome", jc, Map.of("outcome", "HIRED",
                "outcomeDate", today.minusDays(2).toString()));
        String v2 = placement + "/vacancies/" + retail.path("vacancyId").asText();
        post(v2 + "/proposals", sa, Map.of("caseId", social, "proposedOn", today.minusDays(5).toString()));
        post(v2 + "/proposals/" + social + "/outcome", sa, Map.of("outcome", "APPLIED",
                "outcomeDate", today.minusDays(3).toString()));
    }

    /** A Hessen case opened by {@code opener}, entitled there, with a partner and two approved measures. */
    private String hessenCase(DevInstitution opener, String client, String benefit, DevInstitution partner) {
        LocalDate opened = today.minusDays(40);
        JsonNode created = post(cases + "/cases", opener, Map.of(
                "clientId", client, "cooperationModel", "HESSEN", "program", "COOPERATION", "canton", "HE",
                "openedOn", opened.toString(),
                "entitlements", List.of(Map.of("benefit", benefit, "institutionId", opener.id())),
                "participants", List.of(Map.of("institutionId", partner.id())),
                "consent", Map.of("givenOn", opened.toString(), "institutionIds", List.of(opener.id(), partner.id()),
                        "documentRef", "dms://consent/" + client)));
        String id = created.path("caseId").asText();
        this.created.add(id);
        String at = cases + "/cases/" + id;
        String suffix = client.substring(client.length() - 1);
        for (String kind : List.of("TRAINING", "COACHING")) {
            String measure = "mea-he-" + kind.toLowerCase() + "-" + suffix;
            String price = kind.equals("TRAINING") ? "1850.00" : "640.00";
            post(at + "/measures", opener, Map.of("measureId", measure, "kind", kind, "provider", "course of the "
                    + "joint measure planning", "estimatedCostChf", price, "financingInstitutionId", opener.id(),
                    "proposedOn", today.minusDays(30).toString()));
            post(at + "/measures/" + measure + "/cost-approval", opener, Map.of("costApprovalId", "KG-" + measure,
                    "approvedAmountChf", price, "approvedOn", today.minusDays(29).toString()));
        }
        return id;
    }

    private void reserve(String course, DevInstitution who, String caseId, String measureId) {
        String url = placement + "/courses/" + course + "/reservations";
        Map<String, Object> body = Map.of("caseId", caseId, "measureId", measureId,
                "reservedOn", today.minusDays(10).toString());
        // The cost approval reaches placement-service as a case event: retry while it is still on its way (409).
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                post(url, who, body);
                return;
            } catch (DemoFailed e) {
                if (System.nanoTime() > deadline || !e.getMessage().contains(" 409")) {
                    throw e;
                }
                PostgresServer.sleepQuietly(300);
            }
        }
    }

    // ------------------------------------------------------------------ HTTP

    private JsonNode post(String url, DevInstitution who, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))), who, url);
    }

    private JsonNode get(String url, DevInstitution who) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), who, url);
    }

    private JsonNode send(HttpRequest.Builder request, DevInstitution who, String url) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer "
                    + tokens.mint(who, Duration.ofMinutes(10))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new DemoFailed(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new DemoFailed(url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailed("interrupted");
        }
    }

    private void await(String what, java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (done.test(read.get())) {
                    return;
                }
            } catch (DemoFailed notYet) {
                // 404 until the event has travelled
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailed("timed out waiting until " + what);
            }
            PostgresServer.sleepQuietly(200);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo could not be loaded; the message says which call failed and how. */
    public static final class DemoFailed extends RuntimeException {
        DemoFailed(String message) {
            super(message);
        }
    }
}
