package ch.iiz.service.access;

import ch.iiz.events.InstitutionType;

import java.util.Set;

/**
 * The one access rule of DOMAIN.md ("Who may see what"), for every service. Pure: it decides from the caller's
 * institution and roles and from facts each service keeps itself; {@link Access} applies it to requests.
 * <ul>
 *   <li>An institution reads a case while it takes part in it and the consent in force names it; otherwise the
 *       case does not exist for it (404).</li>
 *   <li>Auditors read everything and write nothing.</li>
 *   <li>Operations see topics, lag, dead letters and metrics, never case content, KPIs or invoices.</li>
 *   <li>Administrators maintain the institution registry and nothing else.</li>
 *   <li>A municipality sees KPIs and invoices of its own cases only; an institution sees the invoices it issued or
 *       received; only the creditor closes its billing months.</li>
 *   <li>Hessen (seed 004): courses of joint measure planning are no client data, every institution reads them; a
 *       course's reservations are seen by its organiser, and each reserving institution sees its own. Vacancies are
 *       recorded by employment agencies and seen by the job centres, employment agencies and municipal offices of
 *       the same cooperation (same canton or region in the registry).</li>
 * </ul>
 */
public final class AccessRule {

    public static final String ROLE_CASEWORKER = "caseworker";
    public static final String ROLE_MUNICIPALITY = "municipality";
    public static final String ROLE_AUDITOR = "auditor";
    public static final String ROLE_OPS = "ops";
    public static final String ROLE_ADMIN = "admin";

    /** What the rule answers; {@code NOT_FOUND} hides that the thing exists at all. */
    public enum Decision { ALLOW, NOT_FOUND, FORBIDDEN }

    /** Who asks: an institution with the roles its token grants. */
    public record Principal(String institutionId, Set<String> roles) {
        public boolean auditor() {
            return roles.contains(ROLE_AUDITOR);
        }

        public boolean operations() {
            return roles.contains(ROLE_OPS);
        }

        /** Writers act for an institution in a case; auditors and operations never write, whatever else they hold. */
        public boolean writer() {
            return !auditor() && !operations() && !admin()
                    && (roles.contains(ROLE_CASEWORKER) || roles.contains(ROLE_MUNICIPALITY));
        }

        public boolean admin() {
            return roles.contains(ROLE_ADMIN);
        }
    }

    private AccessRule() {
    }

    /** Reading a case's content, on any service. {@code readers} is null when the service knows no such case. */
    public static Decision readCase(Principal p, Set<String> readers) {
        if ((p.operations() || p.admin()) && !p.auditor()) {
            return Decision.FORBIDDEN;
        }
        if (readers == null) {
            return Decision.NOT_FOUND;
        }
        if (p.auditor()) {
            return Decision.ALLOW;
        }
        return readers.contains(p.institutionId()) ? Decision.ALLOW : Decision.NOT_FOUND;
    }

    /** Acting on a case: a writer that may read it. */
    public static Decision writeCase(Principal p, Set<String> readers) {
        if (!p.writer()) {
            return Decision.FORBIDDEN;
        }
        return readers != null && readers.contains(p.institutionId()) ? Decision.ALLOW : Decision.NOT_FOUND;
    }

    /** Opening a new case, or any write that creates rather than touches a case. */
    public static Decision create(Principal p) {
        return p.writer() ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** Lists of case content (case lists, KPIs): everything for auditors, the caller's readable cases for others. */
    public static Decision listCases(Principal p) {
        return (p.operations() || p.admin()) && !p.auditor() ? Decision.FORBIDDEN : Decision.ALLOW;
    }

    /** Whether a list is limited to the cases the caller may read (everyone but auditors). */
    public static boolean scopedToReadableCases(Principal p) {
        return !p.auditor();
    }

    /** An invoice or credit note: its creditor, its debtor and auditors. */
    public static Decision readInvoice(Principal p, String creditorId, String debtorId) {
        if (p.operations() && !p.auditor()) {
            return Decision.FORBIDDEN;
        }
        return p.auditor() || p.institutionId().equals(creditorId) || p.institutionId().equals(debtorId)
                ? Decision.ALLOW : Decision.NOT_FOUND;
    }

    /** The auditor's views (complete history, past states, proof): auditors only. */
    public static Decision audit(Principal p) {
        return p.auditor() ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** Registering institutions or changing their entries: administrators only. */
    public static Decision administer(Principal p) {
        return p.admin() ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** Lists of invoices: the caller's own (auditors: all); operations none. */
    public static Decision listInvoices(Principal p) {
        return p.operations() && !p.auditor() ? Decision.FORBIDDEN : Decision.ALLOW;
    }

    /** A creditor's own billing (closing its months early, importing its payments): only a creditor. */
    public static Decision closeMonth(Principal p, boolean callerIsCreditor) {
        return p.writer() && callerIsCreditor ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** Topics, lag, dead letters, projection progress: operations, and auditors, who read everything. */
    public static Decision readOperations(Principal p) {
        return p.operations() || p.auditor() ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /**
     * Anchors (a digest over all case chain heads, no case content): auditors, who prove the history with them, and
     * operations, who run the system that publishes them, read and publish them.
     */
    public static Decision anchors(Principal p) {
        return p.auditor() || p.operations() ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** Courses of joint measure planning (no client data): institutions and auditors, never operations or admins. */
    public static Decision readCourses(Principal p) {
        return listCases(p);
    }

    /** One reservation of a course: the course's organiser, the reserving institution, auditors. */
    public static boolean seesReservation(Principal p, String organiserId, String reservingInstitutionId) {
        return p.auditor() || p.institutionId().equals(organiserId) || p.institutionId().equals(reservingInstitutionId);
    }

    /** Recording a shared vacancy: an employment agency (its type from the registry) acting for itself. */
    public static Decision recordVacancy(Principal p, InstitutionType callerType) {
        return p.writer() && callerType == InstitutionType.EMPLOYMENT_AGENCY ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /**
     * A shared vacancy: job centres, employment agencies and municipal offices (social services) of the cooperation
     * that shares it ({@code callerRegion}, the caller's canton or region in the registry, equals the vacancy's);
     * auditors. For anyone else it does not exist.
     */
    public static Decision readVacancy(Principal p, InstitutionType callerType, String callerRegion,
                                       String vacancyRegion) {
        if ((p.operations() || p.admin()) && !p.auditor()) {
            return Decision.FORBIDDEN;
        }
        if (p.auditor()) {
            return Decision.ALLOW;
        }
        boolean cooperating = callerType == InstitutionType.JOBCENTER || callerType == InstitutionType.EMPLOYMENT_AGENCY
                || callerType == InstitutionType.SOCIAL_SERVICES;
        return cooperating && callerRegion != null && callerRegion.equals(vacancyRegion) ? Decision.ALLOW
                : Decision.NOT_FOUND;
    }

    /** Operational actions (a projection rebuild): operations only. */
    public static Decision runOperations(Principal p) {
        return p.operations() ? Decision.ALLOW : Decision.FORBIDDEN;
    }
}
