package ch.iiz.reporting.kpi;

import ch.iiz.events.cases.ReportKind;
import ch.iiz.events.schedule.AmiplusSchedule;
import ch.iiz.service.access.Access;
import ch.iiz.service.registry.Institutions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures DOMAIN.md asks for, from the KPI facts, filtered by period, canton, municipality, program and lead.
 * Institutions see the figures of the cases they take part in; auditors and operations see all.
 */
@ApplicationScoped
public class KpiQueries {

    public record Filter(LocalDate from, LocalDate to, String canton, String municipality, String program,
                         String lead) {
    }

    public record Count(String key, long count) {
    }

    public record PhaseDuration(int phase, long ended, BigDecimal averageDays) {
    }

    public record Handovers(long proposed, long accepted, long declined, long expired, long withdrawn, long pending,
                            BigDecimal averageDaysToAnswer) {
    }

    public record Costs(BigDecimal totalChf, BigDecimal averagePerCaseChf, Map<String, BigDecimal> perMunicipalityChf) {
    }

    public record Reports(long due, long overdue) {
    }

    /**
     * @param hiredFromVacancies shared vacancies that ended in a hire (Hessen)
     * @param casesIntoWork      cases closed with a permanent job or with a hire from a shared vacancy, each once
     */
    public record Outcomes(long closed, long permanentJob, long detached, long aborted, Map<String, Long> abortsByReason,
                           BigDecimal detachmentRate, long hiredFromVacancies, long casesIntoWork) {
    }

    /** Courses decided in the period: of those, announced in total, confirmed, cancelled, still awaiting the decision. */
    public record Courses(long announced, long confirmed, long cancelled, long awaitingDecision) {
    }

    /** Seats reserved (every reservation made), confirmed (on a confirmed course) and released again. */
    public record Seats(long reserved, long confirmed, long released) {
    }

    /** @param legalDomain the reserving institution's type from the registry (RAV, SOCIAL_SERVICES, JOBCENTER, ...) */
    public record InstitutionSeats(String institutionId, String legalDomain, long reserved, long confirmed,
                                   long released) {
    }

    public record Vacancies(long proposals, long applied, long hired, long rejected) {
    }

    /** Hessen joint measure planning and shared vacancies (issue #17). */
    public record Placement(Courses courses, Seats seats, List<InstitutionSeats> seatsByInstitution,
                            Map<String, Seats> seatsByLegalDomain, Vacancies vacancies) {
    }

    /** @param decisionsDue overrun AMIplus phases waiting for the municipality to continue, extend or end them */
    public record Kpis(Filter filter, long cases, List<Count> openByProgramAndPhase, Handovers handovers,
                       List<PhaseDuration> phaseDurations, Reports reports, long decisionsDue, Costs costs,
                       Outcomes outcomes, Placement placement) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    java.time.Clock clock;
    @Inject
    Institutions institutions;

    /** The KPIs over the cases {@code readable} admits (the access rule's list filter) and the filter. */
    public Kpis kpis(Access.CaseFilter readable, Filter f) {
        StringBuilder where = new StringBuilder(" where ").append(readable.sql());
        List<Object> args = new ArrayList<>();
        if (readable.scoped()) {
            args.add(readable.institutionId());
        }
        add(where, args, " and cf.canton = ?", f.canton());
        add(where, args, " and cf.municipality = ?", f.municipality());
        add(where, args, " and cf.program = ?", f.program());
        add(where, args, " and cf.lead_institution = ?", f.lead());
        add(where, args, " and cf.opened_on <= ?", f.to());
        add(where, args, " and (cf.ended_on is null or cf.ended_on >= ?)", f.from());
        String scope = where.toString();
        LocalDate asOf = f.to() == null ? LocalDate.now(clock) : f.to();
        try (Connection c = dataSource.getConnection()) {
            // One snapshot across the fact tables, and never interleaved with a rebuild's swap of them: the swap
            // renames table after table, and a join waiting on one while holding another would deadlock with it.
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select pg_advisory_xact_lock_shared(" + KpiProjector.SWAP_LOCK + ")");
            }
            long cases = scalar(c, "select count(*) from case_fact cf" + scope, args).longValue();
            List<Count> open = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "select cf.program || coalesce(' phase ' || cf.phase, ''), count(*) "
                    + "from case_fact cf" + scope + " and cf.status = 'OPEN' group by 1 order by 1", args);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    open.add(new Count(rs.getString(1), rs.getLong(2)));
                }
            }
            String hScope = " from handover_fact h join case_fact cf on cf.case_id = h.case_id" + scope;
            Handovers handovers = new Handovers(
                    scalar(c, "select count(*)" + hScope, args).longValue(),
                    scalar(c, "select count(*)" + hScope + " and h.status = 'ACCEPTED'", args).longValue(),
                    scalar(c, "select count(*)" + hScope + " and h.status = 'DECLINED'", args).longValue(),
                    scalar(c, "select count(*)" + hScope + " and h.status = 'EXPIRED'", args).longValue(),
                    scalar(c, "select count(*)" + hScope + " and h.status = 'WITHDRAWN'", args).longValue(),
                    scalar(c, "select count(*)" + hScope + " and h.status = 'PROPOSED'", args).longValue(),
                    scale(scalar(c, "select avg(h.answered_on - h.proposed_on)" + hScope
                            + " and h.status in ('ACCEPTED', 'DECLINED')", args)));
            List<PhaseDuration> durations = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "select p.phase, count(*), avg(p.ended_on - p.started_on + 1) "
                    + "from phase_fact p join case_fact cf on cf.case_id = p.case_id" + scope
                    + " and p.ended_on is not null group by p.phase order by p.phase", args);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    durations.add(new PhaseDuration(rs.getInt(1), rs.getLong(2), scale(rs.getBigDecimal(3))));
                }
            }
            // Due and overdue reports and decisions due: the same definition case-service's deadlines use.
            long due = 0;
            long overdue = 0;
            long decisionsDue = 0;
            for (AmiplusSchedule.Facts facts : scheduleFacts(c, scope, args).values()) {
                for (AmiplusSchedule.Deadline d : AmiplusSchedule.asOf(facts, asOf)) {
                    if (d.obligation() == AmiplusSchedule.Obligation.MUNICIPALITY_DECISION) {
                        decisionsDue++;
                    } else if (d.status() == AmiplusSchedule.Status.DUE) {
                        due++;
                    } else if (d.status() == AmiplusSchedule.Status.OVERDUE) {
                        overdue++;
                    }
                }
            }
            Reports reports = new Reports(due, overdue);
            String cScope = " from cost_fact k join case_fact cf on cf.case_id = k.case_id" + scope;
            BigDecimal total = scale(scalar(c, "select coalesce(sum(k.amount_chf), 0)" + cScope, args));
            long costedCases = scalar(c, "select count(distinct k.case_id)" + cScope, args).longValue();
            Map<String, BigDecimal> perMunicipality = new LinkedHashMap<>();
            try (PreparedStatement ps = prepare(c, "select coalesce(cf.municipality, '-'), sum(k.amount_chf)" + cScope
                    + " group by 1 order by 1", args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    perMunicipality.put(rs.getString(1), scale(rs.getBigDecimal(2)));
                }
            }
            Costs costs = new Costs(total, costedCases == 0 ? scale(BigDecimal.ZERO)
                    : total.divide(BigDecimal.valueOf(costedCases), 2, RoundingMode.HALF_UP), perMunicipality);
            long closed = scalar(c, "select count(*) from case_fact cf" + scope + " and cf.status = 'CLOSED'", args).longValue();
            long aborted = scalar(c, "select count(*) from case_fact cf" + scope + " and cf.status = 'ABORTED'", args).longValue();
            long job = scalar(c, "select count(*) from case_fact cf" + scope
                    + " and cf.outcome = 'PERMANENT_JOB_FIRST_LABOUR_MARKET'", args).longValue();
            long detached = scalar(c, "select count(*) from case_fact cf" + scope + " and cf.detached", args).longValue();
            Map<String, Long> byReason = new LinkedHashMap<>();
            try (PreparedStatement ps = prepare(c, "select cf.abort_reason, count(*) from case_fact cf" + scope
                    + " and cf.status = 'ABORTED' group by 1 order by 1", args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byReason.put(rs.getString(1), rs.getLong(2));
                }
            }
            BigDecimal rate = closed + aborted == 0 ? null
                    : BigDecimal.valueOf(detached).divide(BigDecimal.valueOf(closed + aborted), 3, RoundingMode.HALF_UP);
            String vScope = " from proposal_fact v join case_fact cf on cf.case_id = v.case_id" + scope;
            long hired = scalar(c, "select count(*)" + vScope + " and v.outcome = 'HIRED'", args).longValue();
            long intoWork = scalar(c, "select count(*) from case_fact cf" + scope + " and (cf.outcome = "
                    + "'PERMANENT_JOB_FIRST_LABOUR_MARKET' or exists (select 1 from proposal_fact h where h.case_id = "
                    + "cf.case_id and h.outcome = 'HIRED'))", args).longValue();
            Placement placement = placement(c, readable, f, scope, args);
            c.commit();
            return new Kpis(f, cases, open, handovers, durations, reports, decisionsDue, costs,
                    new Outcomes(closed, job, detached, aborted, byReason, rate, hired, intoWork), placement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Courses, seat use and vacancy proposals. Seats and proposals belong to cases and follow the case scope and filters
     * like every other figure. Courses are no case content: a course counts when a seat of a case in scope is on it,
     * or, without case filters, when the caller organised it (auditors: every course); the period is its decision date.
     */
    private Placement placement(Connection c, Access.CaseFilter readable, Filter f, String scope, List<Object> args)
            throws SQLException {
        String seatScope = " from seat_fact s join case_fact cf on cf.case_id = s.case_id" + scope;
        boolean caseFilters = f.canton() != null || f.municipality() != null || f.program() != null || f.lead() != null;
        StringBuilder courseWhere = new StringBuilder(" where (exists (select 1").append(seatScope)
                .append(" and s.course_id = co.course_id)");
        List<Object> courseArgs = new ArrayList<>(args);
        if (!caseFilters && !readable.scoped()) {
            courseWhere.append(" or true");
        } else if (!caseFilters) {
            courseWhere.append(" or co.organiser = ?");
            courseArgs.add(readable.institutionId());
        }
        courseWhere.append(')');
        add(courseWhere, courseArgs, " and co.decision_date >= ?", f.from());
        add(courseWhere, courseArgs, " and co.decision_date <= ?", f.to());
        Courses courses;
        try (PreparedStatement ps = prepare(c, "select count(*), count(*) filter (where co.status = 'CONFIRMED'), "
                + "count(*) filter (where co.status = 'CANCELLED'), count(*) filter (where co.status = 'ANNOUNCED') "
                + "from course_fact co" + courseWhere, courseArgs); ResultSet rs = ps.executeQuery()) {
            rs.next();
            courses = new Courses(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
        List<InstitutionSeats> byInstitution = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, "select s.reserving_institution, count(s.reserved_on), "
                + "count(s.confirmed_on), count(s.released_on)" + seatScope + " group by 1 order by 1", args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String institution = rs.getString(1);
                String domain = institutions.find(institution).map(e -> e.institutionType().name()).orElse("UNREGISTERED");
                byInstitution.add(new InstitutionSeats(institution, domain, rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        Map<String, Seats> byDomain = new TreeMap<>();
        long reserved = 0;
        long confirmed = 0;
        long released = 0;
        for (InstitutionSeats i : byInstitution) {
            Seats d = byDomain.getOrDefault(i.legalDomain(), new Seats(0, 0, 0));
            byDomain.put(i.legalDomain(), new Seats(d.reserved() + i.reserved(), d.confirmed() + i.confirmed(),
                    d.released() + i.released()));
            reserved += i.reserved();
            confirmed += i.confirmed();
            released += i.released();
        }
        Vacancies vacancies;
        try (PreparedStatement ps = prepare(c, "select count(*), count(*) filter (where v.outcome = 'APPLIED'), "
                + "count(*) filter (where v.outcome = 'HIRED'), count(*) filter (where v.outcome = 'REJECTED') "
                + "from proposal_fact v join case_fact cf on cf.case_id = v.case_id" + scope, args);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            vacancies = new Vacancies(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
        return new Placement(courses, new Seats(reserved, confirmed, released), byInstitution, byDomain, vacancies);
    }

    /** The schedule facts of every AMIplus case in scope: its phases, submitted reports, and whether it closed. */
    private static Map<String, AmiplusSchedule.Facts> scheduleFacts(Connection c, String scope, List<Object> args)
            throws SQLException {
        Map<String, List<AmiplusSchedule.PhaseRun>> phases = new LinkedHashMap<>();
        Map<String, Boolean> closed = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, "select p.case_id, p.phase, p.started_on, p.planned_end_on, p.ended_on, "
                + "cf.outcome is not null from phase_fact p join case_fact cf on cf.case_id = p.case_id" + scope
                + " order by p.case_id, p.started_on, p.phase", args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                phases.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new AmiplusSchedule.PhaseRun(
                        rs.getInt(2), rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class),
                        rs.getObject(5, LocalDate.class)));
                closed.put(rs.getString(1), rs.getBoolean(6));
            }
        }
        Map<String, List<AmiplusSchedule.Submitted>> reports = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, "select r.case_id, r.kind, r.phase, r.submitted_on from report_fact r "
                + "join case_fact cf on cf.case_id = r.case_id" + scope, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Number phase = (Number) rs.getObject(3);
                reports.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new AmiplusSchedule.Submitted(
                        ReportKind.valueOf(rs.getString(2)), phase == null ? null : phase.intValue(),
                        rs.getObject(4, LocalDate.class)));
            }
        }
        Map<String, AmiplusSchedule.Facts> facts = new LinkedHashMap<>();
        phases.forEach((caseId, runs) -> facts.put(caseId, new AmiplusSchedule.Facts(runs,
                reports.getOrDefault(caseId, List.of()), closed.get(caseId))));
        return facts;
    }

    private static void add(StringBuilder where, List<Object> args, String clause, Object value) {
        if (value != null) {
            where.append(clause);
            args.add(value);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    private static BigDecimal scalar(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static BigDecimal scale(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.HALF_UP);
    }
}
