package ch.iiz.chaos;

import ch.iiz.localstack.DevInstitution;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load of case flows, run by a few workers while faults are injected: AMIplus (a municipality opens a case
 * months ago and commissions the RAV: the RAV leads, one CHF 300 flat is charged, the month gets closed by itself)
 * and OPTIMA (the RAV Sursee opens a case and proposes a handover to the IV, which either accepts or stays silent
 * past the deadline, so the expiry job of one of the two referral instances declines it). Remembers every command the
 * system acknowledged.
 */
final class Load {

    /** What the system acknowledged, by case. */
    final Set<String> opened = ConcurrentHashMap.newKeySet();
    final Set<String> mandated = ConcurrentHashMap.newKeySet();
    final Set<String> optimaOpened = ConcurrentHashMap.newKeySet();
    /** handover id by case id */
    final Map<String, String> acceptedHandovers = new ConcurrentHashMap<>();
    final Map<String, String> silentHandovers = new ConcurrentHashMap<>();
    /** OPTIMA cases: when the opening was acknowledged and when referral-service first answered its lead (ms). */
    final Map<String, long[]> leadSeen = new ConcurrentHashMap<>();
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger notAcknowledged = new AtomicInteger();

    private final Api api;
    private final LocalDate today;
    private final int maxFlows;
    private final AtomicInteger flows = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    Load(Api api, LocalDate today, int maxFlows) {
        this.api = api;
        this.today = today;
        this.maxFlows = maxFlows;
    }

    void start(int workerCount, Duration pause) {
        for (int w = 0; w < workerCount; w++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    int n = flows.getAndIncrement();
                    if (n >= maxFlows) {
                        return;
                    }
                    try {
                        switch (n % 3) {
                            case 0, 1 -> amiplus(n);
                            default -> optima(n, n % 2 == 0);
                        }
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(e);
                    }
                    Api.sleep(pause.toMillis());
                }
            }, "chaos-load-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    void stopAndJoin() throws InterruptedException {
        stop.set(true);
        for (Thread t : workers) {
            t.join(Duration.ofMinutes(3).toMillis());
        }
    }

    int flowsStarted() {
        return Math.min(flows.get(), maxFlows);
    }

    private Api.Reply acked(Api.Reply reply) {
        if (reply != null && reply.ok()) {
            acknowledged.incrementAndGet();
            return reply;
        }
        if (reply != null) {
            throw new AssertionError("a command of the load was refused: " + reply.status() + " " + reply.raw().body());
        }
        notAcknowledged.incrementAndGet();
        return null;
    }

    /** Opened and mandated on a day three months back, so the month is over and closes by itself. */
    private void amiplus(int n) {
        DevInstitution sd = n % 2 == 0 ? DevInstitution.SD_MENZIKEN : DevInstitution.SD_REINACH;
        String on = today.minusMonths(3).withDayOfMonth(1 + n % 25).toString();
        String client = "cl-chaos-" + n;
        Api.Reply open = acked(api.command(sd, "case-service", "/cases", Map.of(
                "clientId", client, "cooperationModel", "AARGAU", "program", "AMIPLUS", "canton", "AG", "openedOn", on,
                "entitlements", List.of(Map.of("benefit", "SOCIAL_ASSISTANCE", "institutionId", sd.id())),
                "participants", List.of(Map.of("institutionId", "RAV-AG-AARAU")),
                "consent", Map.of("givenOn", on, "institutionIds", List.of(sd.id(), "RAV-AG-AARAU"),
                        "documentRef", "dms://consent/" + client))));
        if (open == null) {
            return;
        }
        String caseId = open.body().path("caseId").asText();
        opened.add(caseId);
        if (acked(api.command(sd, "case-service", "/cases/" + caseId + "/mandate", Map.of(
                "ravInstitutionId", "RAV-AG-AARAU", "costApprovalRef", "KG-" + caseId, "issuedOn", on))) != null) {
            mandated.add(caseId);
        }
    }

    private void optima(int n, boolean accepting) {
        String opened = today.minusDays(20).toString();
        String client = "cl-chaos-" + n;
        Api.Reply open = acked(api.command(DevInstitution.RAV_SURSEE, "case-service", "/cases", Map.of(
                "clientId", client, "cooperationModel", "LUZERN_OPTIMA", "program", "OPTIMA", "canton", "LU",
                "openedOn", opened, "participants", List.of(Map.of("institutionId", "IV-LU-WAS")),
                "consent", Map.of("givenOn", opened, "institutionIds", List.of("RAV-LU-SURSEE", "IV-LU-WAS"),
                        "documentRef", "dms://c/" + client))));
        if (open == null) {
            return;
        }
        String caseId = open.body().path("caseId").asText();
        this.opened.add(caseId);
        optimaOpened.add(caseId);
        long[] seen = {System.currentTimeMillis(), 0};
        leadSeen.put(caseId, seen);
        // referral-service learns of the case from the topic
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Api.Reply lead = api.get(DevInstitution.RAV_SURSEE, "referral-service", "/cases/" + caseId + "/lead");
            if (lead != null && lead.status() == 200) {
                seen[1] = System.currentTimeMillis();
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("referral-service never learnt of case " + caseId);
            }
            Api.sleep(300);
        }
        Map<String, Object> proposal = accepting
                ? Map.of("toInstitutionId", "IV-LU-WAS", "reason", "health first", "proposedOn",
                today.minusDays(3).toString(), "answerDueOn", today.plusDays(7).toString(),
                "plannedEndOn", today.plusMonths(2).toString())
                : Map.of("toInstitutionId", "IV-LU-WAS", "reason", "health first", "proposedOn",
                today.minusDays(10).toString(), "answerDueOn", today.minusDays(2).toString(),
                "plannedEndOn", today.plusMonths(2).toString());
        // the lead answers once referral-service has the opening; the consent follows on the topic a moment later, and
        // a caseworker told "outside the consent" tries again (a refusal writes nothing, so a new request is safe)
        Api.Reply proposed;
        long consentDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            proposed = api.command(DevInstitution.RAV_SURSEE, "referral-service", "/cases/" + caseId + "/handovers",
                    proposal);
            if (proposed != null && proposed.status() == 409 && System.nanoTime() < consentDeadline
                    && "consent-required".equals(proposed.body().path("rule").asText())) {
                Api.sleep(500);
                continue;
            }
            break;
        } while (true);
        proposed = acked(proposed);
        if (proposed == null) {
            return;
        }
        String location = proposed.raw().headers().firstValue("Location").orElseThrow();
        String handoverId = location.substring(location.lastIndexOf('/') + 1);
        if (!accepting) {
            silentHandovers.put(caseId, handoverId);
            return;
        }
        if (acked(api.command(DevInstitution.IV_LUZERN, "referral-service", "/cases/" + caseId + "/handovers/"
                + handoverId + "/acceptance", Map.of("on", today.minusDays(1).toString()))) != null) {
            acceptedHandovers.put(caseId, handoverId);
        }
    }
}
