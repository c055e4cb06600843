package ch.iiz.cases.query;

import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Who may see which case, and the paged list of a caller's cases, from {@code case_summary}. */
@ApplicationScoped
public class CaseDirectory {

    /** One row of the list. */
    public record CaseListItem(String caseId, String clientId, String program, String cooperationModel, String canton,
                               String openedBy, LocalDate openedOn, String leadInstitutionId, List<String> participants,
                               String status, Integer phase, long version) {
    }

    public record Page(List<CaseListItem> items, int page, int size, long total) {
    }

    @Inject
    DataSource dataSource;

    /**
     * The case, if the caller may see it: auditors see every case, institutions the cases they take part in.
     * Anything else is reported as not found, so nobody learns that a case exists.
     */
    public CaseListItem requireVisible(String caseId, Caller caller) {
        List<CaseListItem> found = query("where case_id = ?", List.of(caseId), 0, 1);
        if (found.isEmpty() || !(caller.isAuditor() || found.get(0).participants().contains(caller.institutionId()))) {
            throw ProblemException.notFound("no case " + caseId + " that you take part in");
        }
        return found.get(0);
    }

    public Page list(Caller caller, Integer phase, String program, String status, int page, int size) {
        StringBuilder where = new StringBuilder("where true");
        List<Object> args = new ArrayList<>();
        if (!caller.isAuditor()) {
            where.append(" and ? = any(participants)");
            args.add(caller.institutionId());
        }
        if (phase != null) {
            where.append(" and phase = ? and status = 'OPEN'");
            args.add(phase.shortValue());
        }
        if (program != null) {
            where.append(" and program = ?");
            args.add(program);
        }
        if (status != null) {
            where.append(" and status = ?");
            args.add(status);
        }
        long total = count(where.toString(), args);
        return new Page(query(where + " order by opened_on desc, case_id", args, page * size, size), page, size, total);
    }

    private long count(String where, List<Object> args) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from case_summary " + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<CaseListItem> query(String where, List<Object> args, int offset, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select case_id, client_id, program, cooperation_model, canton, opened_by, opened_on,
                            lead_institution, participants, status, phase, version
                     from case_summary\s""" + where + " offset " + offset + " limit " + limit)) {
            bind(ps, args);
            List<CaseListItem> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    short phase = rs.getShort(11);
                    items.add(new CaseListItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                            Arrays.asList((String[]) rs.getArray(9).getArray()), rs.getString(10),
                            rs.wasNull() ? null : (int) phase, rs.getLong(12)));
                }
            }
            return items;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
