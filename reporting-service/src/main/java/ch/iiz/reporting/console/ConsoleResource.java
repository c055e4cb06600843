package ch.iiz.reporting.console;

import ch.iiz.events.Topics;
import ch.iiz.events.cases.CaseClosed;
import ch.iiz.reporting.audit.CaseAsOf;
import ch.iiz.reporting.audit.EventLog;
import ch.iiz.reporting.ops.ProjectionRebuild;
import ch.iiz.reporting.ops.TopicMonitor;
import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import ch.iiz.service.web.QueryParams;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console for auditors and operations: server-rendered pages (Qute) that htmx updates in place. Every page asks
 * the one access rule ({@link Access}) exactly as the REST endpoints beside it do; every auditor read is on record.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@io.quarkus.security.Authenticated
public class ConsoleResource {

    static final Locale DE = Locale.GERMAN;
    static final List<Locale> LOCALES = List.of(DE, Locale.ENGLISH);

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signIn(String error);

        static native TemplateInstance home(ConsoleView.Who who);

        static native TemplateInstance cases(ConsoleView.Who who, String q, List<ConsoleQueries.CaseHit> hits);

        static native TemplateInstance caseView(ConsoleView.CasePage page);

        static native TemplateInstance state(ConsoleView.State view);

        static native TemplateInstance ops(ConsoleView.Who who);

        static native TemplateInstance opsPanel(ConsoleView.OpsPanel panel);

        static native TemplateInstance redriven(ConsoleView.LetterRow letter, boolean now);

        static native TemplateInstance rebuild(ConsoleView.Rebuild rebuild);

        static native TemplateInstance error(int status, String detail);
    }

    @Inject
    Caller caller;
    @Inject
    Access access;
    @Inject
    EventLog eventLog;
    @Inject
    ConsoleQueries queries;
    @Inject
    TopicMonitor monitor;
    @Inject
    ProjectionRebuild rebuild;
    @Inject
    DeadLetterRedrive redrive;
    @Inject
    JWTParser jwtParser;
    @Inject
    Clock clock;

    // ---- sign-in -------------------------------------------------------------------------------------------------

    @GET
    @Path("/sign-in")
    @jakarta.annotation.security.PermitAll
    public Response signInForm(@QueryParam("expired") String expired, @QueryParam("lang") String lang,
                               HttpHeaders headers) {
        return page(Templates.signIn("true".equals(expired) ? "expired" : null), headers, lang);
    }

    @POST
    @Path("/sign-in")
    @jakarta.annotation.security.PermitAll
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("token") String token, HttpHeaders headers, UriInfo uri) {
        String t = token == null ? "" : token.trim();
        if (t.startsWith("Bearer ")) {
            t = t.substring(7).trim();
        }
        try {
            if (t.isEmpty() || t.length() > 8192) {
                throw new ParseException("no token");
            }
            jwtParser.parse(t); // signature, issuer and expiry, as for every request
        } catch (ParseException e) {
            return Response.status(401).entity(Templates.signIn("invalid").setLocale(locale(headers, null))).build();
        }
        NewCookie cookie = new NewCookie.Builder(ConsoleAuth.COOKIE).value(t).path("/console").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equals(uri.getBaseUri().getScheme())).build();
        return Response.seeOther(uri.getBaseUriBuilder().path("console").build()).cookie(cookie).build();
    }

    @POST
    @Path("/sign-out")
    @jakarta.annotation.security.PermitAll
    public Response signOut(UriInfo uri) {
        NewCookie gone = new NewCookie.Builder(ConsoleAuth.COOKIE).value("").path("/console").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
        return Response.seeOther(uri.getBaseUriBuilder().path("console/sign-in").build()).cookie(gone).build();
    }

    @GET
    public Response home(@QueryParam("lang") String lang, HttpHeaders headers) {
        return page(Templates.home(who()), headers, lang);
    }

    // ---- auditor -------------------------------------------------------------------------------------------------

    @GET
    @Path("/cases")
    public Response cases(@QueryParam("q") String q, @QueryParam("lang") String lang, HttpHeaders headers) {
        Access.CaseFilter scope = access.caseFilter(caller, "f.case_id");
        if (q != null && q.length() > 100) {
            throw ProblemException.badRequest("q", "max-length", "search for at most 100 characters");
        }
        String query = q == null ? "" : q.trim();
        return page(Templates.cases(who(), query, queries.search(scope, query)), headers, lang);
    }

    @GET
    @Path("/cases/{caseId}")
    public Response caseView(@PathParam("caseId") String caseId, @QueryParam("lang") String lang,
                             HttpHeaders headers) {
        checkId(caseId);
        access.requireAudit(caller, caseId);
        eventLog.recordRead(caller, caseId, "console-case", null);
        List<ConsoleQueries.TimelineRow> rows = queries.timeline(caseId);
        CaseAsOf now = CaseAsOf.replay(caseId, Instant.MAX, rows.stream().map(ConsoleQueries.TimelineRow::envelope).toList());
        LocalDate first = firstDay(rows);
        LocalDate last = lastDay(rows);
        int days = (int) ChronoUnit.DAYS.between(first, last);
        String municipality = queries.search(access.caseFilter(caller, "f.case_id"), caseId).stream()
                .filter(h -> h.caseId().equals(caseId)).map(ConsoleQueries.CaseHit::municipality).findFirst().orElse(null);
        List<ConsoleQueries.Charge> charges = queries.charges(caseId);
        BigDecimal total = charges.stream().map(ConsoleQueries.Charge::amountChf).reduce(new BigDecimal("0.00"), BigDecimal::add);
        return page(Templates.caseView(new ConsoleView.CasePage(who(), caseId, now.program(), now.status(),
                municipality, days, first, last, rows, leadBar(now.leadHistory(), first, last, closedOn(rows)), charges,
                total)),
                headers, lang);
    }

    /**
     * The case as it stood: on a business day as known now (the slider: facts dated on or before that day), or as
     * known at a record instant with every fact dated up to today.
     */
    @GET
    @Path("/cases/{caseId}/state")
    public Response state(@PathParam("caseId") String caseId, @QueryParam("day") String dayParam,
                          @QueryParam("knownAt") String knownAt, HttpHeaders headers) {
        checkId(caseId);
        access.requireAudit(caller, caseId);
        List<ConsoleQueries.TimelineRow> rows = queries.timeline(caseId);
        LocalDate first = firstDay(rows);
        Instant at;
        LocalDate day;
        if (knownAt != null && !knownAt.isBlank()) {
            try {
                at = LocalDateTime.parse(knownAt).atZone(ConsoleView.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest("knownAt", "local-date-time", "knownAt is a date and time such as "
                        + "2026-05-01T14:30");
            }
            day = LocalDate.now(clock);
        } else {
            int d = QueryParams.integer("day", dayParam, 0, 0, 36_600);
            day = first.plusDays(d);
            at = clock.instant();
        }
        boolean byDay = knownAt == null || knownAt.isBlank();
        eventLog.recordRead(caller, caseId, "console-state", at, day);
        CaseAsOf s = CaseAsOf.replay(caseId, day, at, rows.stream().map(ConsoleQueries.TimelineRow::envelope).toList());
        List<String> consents = new ArrayList<>();
        s.consentsInForce().forEach((id, who) -> consents.add(id + ": " + String.join(", ", who)));
        return fragment(Templates.state(new ConsoleView.State(caseId, ConsoleView.time(at), day, byDay,
                rows.size(), s, consents)), headers);
    }

    @GET
    @Path("/cases/{caseId}/timeline.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("caseId") String caseId) {
        checkId(caseId);
        access.requireAudit(caller, caseId);
        eventLog.recordRead(caller, caseId, "console-csv", null);
        StringBuilder out = new StringBuilder("recorded_at_utc,business_date,service,event_type,actor_institution,"
                + "actor_type,actor_role,topic,partition,offset,event_id\r\n");
        for (ConsoleQueries.TimelineRow r : queries.timeline(caseId)) {
            out.append(String.join(",", List.of(r.recordedAt().toString(),
                    r.businessDate() == null ? "" : r.businessDate().toString(), r.service(), csvCell(r.type()),
                    csvCell(r.actorInstitution()), r.actorType(), csvCell(r.actorRole()), r.topic(),
                    Integer.toString(r.partition()), Long.toString(r.offset()), r.eventId()))).append("\r\n");
        }
        return Response.ok(out.toString(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"timeline-" + caseId + ".csv\"").build();
    }

    // ---- operations ----------------------------------------------------------------------------------------------

    @GET
    @Path("/ops")
    public Response ops(@QueryParam("lang") String lang, HttpHeaders headers) {
        access.requireReadOperations(caller);
        return page(Templates.ops(who()), headers, lang);
    }

    @GET
    @Path("/ops/panel")
    public Response opsPanel(@QueryParam("fresh") String fresh, HttpHeaders headers) {
        access.requireReadOperations(caller);
        TopicMonitor.Snapshot s = "true".equals(QueryParams.oneOf("fresh", fresh, "true", "false"))
                ? monitor.sample() : monitor.snapshot();
        List<ConsoleView.TopicRow> topics = s.topics().stream().map(t -> new ConsoleView.TopicRow(t.topic(),
                t.partitions().size(), String.join(" ", t.partitions().stream()
                .map(p -> p.partition() + ":" + p.endOffset()).toList()), t.records(), t.recordsPerSecond())).toList();
        List<ConsoleView.GroupRow> groups = s.consumerGroups().stream().map(g -> new ConsoleView.GroupRow(g.group(),
                g.totalLag(), String.join(", ", g.partitions().stream().filter(p -> p.lag() > 0)
                .map(p -> p.topic() + "/" + p.partition() + ": " + p.lag()).toList()))).toList();
        Map<String, ConsoleQueries.Redrive> done = redrive.redrives(
                s.deadLetters().stream().map(TopicMonitor.DeadLetterView::topic).toList());
        List<ConsoleView.DeadLetterTopic> letters = s.deadLetters().stream().map(d -> new ConsoleView.DeadLetterTopic(
                d.topic(), d.count(), d.latest().stream().map(l -> letter(d.topic(), l,
                        done.get(d.topic() + "/" + l.partition() + "@" + l.offset()))).toList())).toList();
        boolean mayRun = mayRunOperations();
        return fragment(Templates.opsPanel(new ConsoleView.OpsPanel(ConsoleView.time(s.sampledAt()), topics, groups,
                letters, mayRun)), headers);
    }

    @POST
    @Path("/ops/dead-letters/redrive")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response redrive(@FormParam("topic") String topic, @FormParam("partition") String partition,
                            @FormParam("offset") String offset, HttpHeaders headers) {
        access.requireRunOperations(caller);
        requireHtmx(headers);
        int p = QueryParams.integer("partition", partition, 0, 0, 10_000);
        long o = QueryParams.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
        DeadLetterRedrive.Result r = redrive.redrive(caller, topic, p, o);
        return fragment(Templates.redriven(new ConsoleView.LetterRow(topic, p, o, null, null, null,
                r.redrive().sourceTopic(), redriveText(r.redrive())), r.performedNow()), headers);
    }

    @GET
    @Path("/ops/rebuild")
    public Response rebuildProgress(HttpHeaders headers) {
        access.requireReadOperations(caller);
        return fragment(Templates.rebuild(rebuildView(rebuild.progress())), headers);
    }

    @POST
    @Path("/ops/rebuild")
    public Response startRebuild(HttpHeaders headers) {
        access.requireRunOperations(caller);
        requireHtmx(headers);
        boolean running = rebuild.progress().state().equals("RUNNING");
        ProjectionRebuild.Progress p = rebuild.start();
        if (!running) {
            redrive.recordRebuild(caller);
        }
        return fragment(Templates.rebuild(rebuildView(p)), headers);
    }

    // ---- refusals as pages ---------------------------------------------------------------------------------------

    @ServerExceptionMapper
    public Response refused(ProblemException e, HttpHeaders headers) {
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(e.status(), e.getMessage()).setLocale(locale(headers, null))).build();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private ConsoleView.Who who() {
        return new ConsoleView.Who(caller.institutionId(), caller.subject(), caller.hasRole(Caller.ROLE_AUDITOR),
                caller.hasRole(Caller.ROLE_OPS));
    }

    private boolean mayRunOperations() {
        try {
            access.requireRunOperations(caller);
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }

    /** Writes come from htmx only: a cross-site form cannot set this header (with the SameSite cookie: no CSRF). */
    private static void requireHtmx(HttpHeaders headers) {
        if (!"true".equals(headers.getHeaderString("HX-Request"))) {
            throw ProblemException.badRequest("HX-Request", "console-request", "console actions come from the console page");
        }
    }

    private static void checkId(String caseId) {
        if (caseId == null || !caseId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw ProblemException.badRequest("caseId", "id-format", "an id is 1 to 64 of A-Z a-z 0-9 . _ : -");
        }
    }

    private static LocalDate day(Instant at) {
        return at.atZone(ConsoleView.ZONE).toLocalDate();
    }

    /** The business-day axis starts with the case's earliest fact ... */
    private static LocalDate firstDay(List<ConsoleQueries.TimelineRow> rows) {
        LocalDate first = day(rows.get(0).recordedAt());
        for (ConsoleQueries.TimelineRow r : rows) {
            first = r.businessDate().isBefore(first) ? r.businessDate() : first;
        }
        return first;
    }

    /** ... and ends with its latest fact or its latest record, whichever is later. */
    private static LocalDate lastDay(List<ConsoleQueries.TimelineRow> rows) {
        LocalDate last = day(rows.get(rows.size() - 1).recordedAt());
        for (ConsoleQueries.TimelineRow r : rows) {
            last = r.businessDate().isAfter(last) ? r.businessDate() : last;
        }
        return last;
    }

    /** The business day the case was closed on, or null while it is open. */
    private static LocalDate closedOn(List<ConsoleQueries.TimelineRow> rows) {
        for (ConsoleQueries.TimelineRow r : rows) {
            if (r.envelope().payload() instanceof CaseClosed closed) {
                return closed.closedOn();
            }
        }
        return null;
    }

    /**
     * The lead over time on the case's axis ({@code first} to {@code last}); the last lead ends on the day the case was
     * closed ({@code closedOn}, null while open), otherwise it runs to the axis' end.
     */
    static List<ConsoleView.LeadSegment> leadBar(List<CaseAsOf.LeadPeriod> periods, LocalDate first, LocalDate last,
                                                 LocalDate closedOn) {
        List<ConsoleView.LeadSegment> bar = new ArrayList<>();
        if (periods.isEmpty()) {
            return bar;
        }
        LocalDate axisFrom = periods.get(0).from().isBefore(first) ? periods.get(0).from() : first;
        LocalDate axisTo = last.plusDays(1);
        for (CaseAsOf.LeadPeriod p : periods) {
            axisTo = p.from().isAfter(axisTo) ? p.from().plusDays(1) : axisTo;
        }
        double span = Math.max(1, ChronoUnit.DAYS.between(axisFrom, axisTo));
        Map<String, Integer> colours = new LinkedHashMap<>();
        for (int i = 0; i < periods.size(); i++) {
            CaseAsOf.LeadPeriod p = periods.get(i);
            LocalDate to = i + 1 < periods.size() ? periods.get(i + 1).from()
                    : closedOn != null && !closedOn.isBefore(p.from()) && closedOn.isBefore(axisTo) ? closedOn.plusDays(1)
                    : axisTo;
            long days = Math.max(0, ChronoUnit.DAYS.between(p.from(), to));
            int colour = colours.computeIfAbsent(p.institutionId(), k -> colours.size() % 4);
            // a lead replaced on its first day led no whole day: it has no last day (not "the day before its first")
            bar.add(new ConsoleView.LeadSegment(p.institutionId(), p.from(), days == 0 ? null : to.minusDays(1), p.basis(),
                    String.format(Locale.ROOT, "%.2f", Math.max(days == 0 ? 0 : 2, 100.0 * days / span)), colour));
        }
        return bar;
    }

    private static ConsoleView.LetterRow letter(String dlq, TopicMonitor.DeadLetter l, ConsoleQueries.Redrive r) {
        return new ConsoleView.LetterRow(dlq, l.partition(), l.offset(), l.key(), ConsoleView.time(l.timestamp()),
                l.reason(), l.sourceTopic(), r == null ? null : redriveText(r));
    }

    private static String redriveText(ConsoleQueries.Redrive r) {
        return ConsoleView.time(r.at()) + " · " + r.institution() + " · " + r.sourceTopic() + "/" + r.targetPartition()
                + "@" + r.targetOffset();
    }

    private ConsoleView.Rebuild rebuildView(ProjectionRebuild.Progress p) {
        String percent = p.total() == 0 ? ("DONE".equals(p.state()) ? "100" : "0")
                : Long.toString(Math.min(100, p.done() * 100 / p.total()));
        return new ConsoleView.Rebuild(p.state(), p.done(), p.total(), p.refusedLeftOut(), percent, p.eventsPerSecond(),
                p.secondsLeft(), ConsoleView.time(p.startedAt()), ConsoleView.time(p.finishedAt()), p.error(),
                mayRunOperations());
    }

    /** A cell that a spreadsheet will not run as a formula. */
    static String csvCell(String value) {
        if (value == null) {
            return "";
        }
        String v = value.matches("^[=+\\-@\\t\\r].*") ? "'" + value : value;
        return v.matches(".*[\",\r\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private Response page(TemplateInstance template, HttpHeaders headers, String lang) {
        Locale locale = locale(headers, lang);
        Response.ResponseBuilder ok = Response.ok(template.setLocale(locale));
        if (lang != null) {
            ok.cookie(new NewCookie.Builder(ConsoleAuth.LANG_COOKIE).value(locale.getLanguage()).path("/console")
                    .sameSite(NewCookie.SameSite.STRICT).httpOnly(true).build());
        }
        return ok.build();
    }

    private Response fragment(TemplateInstance template, HttpHeaders headers) {
        return Response.ok(template.setLocale(locale(headers, null))).build();
    }

    /** ?lang=de|en, else the language chosen before (cookie), else the browser's, else German. */
    static Locale locale(HttpHeaders headers, String lang) {
        String chosen = lang;
        if (chosen == null) {
            Cookie c = headers.getCookies().get(ConsoleAuth.LANG_COOKIE);
            chosen = c == null ? null : c.getValue();
        }
        if (chosen != null) {
            return "en".equals(chosen) ? Locale.ENGLISH : DE;
        }
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE);
        if (accept != null) {
            try {
                Locale best = Locale.lookup(Locale.LanguageRange.parse(accept), LOCALES);
                if (best != null) {
                    return best;
                }
            } catch (IllegalArgumentException ignored) {
                // an unreadable header: the default
            }
        }
        return DE;
    }
}
