package ch.iiz.cases.query;

import ch.iiz.service.access.Access;
import ch.iiz.service.web.QueryParams;
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

/** The paged list of a caller's cases, from {@code case_summary}; who may see which case is the access rule's. */
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

    /** A page of the cases {@code filter} admits (the access rule's list filter), newest first. */
    public Page list(Access.CaseFilter filter, Integer phase, String program, String status, int page, int size) {
        StringBuilder where = new StringBuilder("where ").append(filter.sql());
        List<Object> args = new ArrayList<>();
        if (filter.scoped()) {
            args.add(filter.institutionId());
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
        return new Page(query(where + " order by opened_on desc, case_id", args, QueryParams.offset(page, size), size),
                page, size, total);
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

    private List<CaseListItem> query(String where, List<Object> args, long offset, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select case_id, client_id, program, cooperation_model, canton, opened_by, opened_on,
                            lead_institution, participants, status, phase, version
                     from case_summary\s""" + where + " offset " + offset + " limit " + limit)) {
            bind(ps, args);
            List<CaseListItem> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // read the phase where it is: wasNull() answers for the last column read, not for this one
                    Number phase = (Number) rs.getObject(11);
                    items.add(new CaseListItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                            Arrays.asList((String[]) rs.getArray(9).getArray()), rs.getString(10),
                            phase == null ? null : phase.intValue(), rs.getLong(12)));
                }
            }
            return items;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The client of a case, from its summary row (written in the command's transaction, so as current as the event
     * store): a command that seals personal data needs only this, not the case's whole stream.
     */
    public java.util.Optional<String> clientOf(String caseId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select client_id from case_summary where case_id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the case summary", e);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
