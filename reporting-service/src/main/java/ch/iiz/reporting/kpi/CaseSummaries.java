package ch.iiz.reporting.kpi;

import ch.iiz.events.Program;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Case summaries across services, from the KPI facts: the caller's cases (auditors and operations: all). */
@Path("/")
@Authenticated
@Tag(name = "Timelines")
@Produces(MediaType.APPLICATION_JSON)
public class CaseSummaries {

    public record Summary(String caseId, String canton, String municipality, String program, String leadInstitutionId,
                          List<String> participants, String status, Integer phase, LocalDate openedOn,
                          LocalDate endedOn, String outcome, String abortReason) {
    }

    @Inject
    Caller caller;
    @Inject
    DataSource dataSource;

    @GET
    @Path("/cases")
    @Operation(summary = "Summaries of the caller's cases, newest first, filterable by canton, program and status")
    public List<Summary> list(@QueryParam("canton") String canton, @QueryParam("program") Program program,
                              @QueryParam("status") String status,
                              @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                              @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        if (status != null && !Set.of("OPEN", "ABORTED", "CLOSED").contains(status)) {
            throw ProblemException.badRequest("status", "case-status", "status is OPEN, ABORTED or CLOSED");
        }
        StringBuilder sql = new StringBuilder("select case_id, canton, municipality, program, lead_institution, "
                + "participants, status, phase, opened_on, ended_on, outcome, abort_reason from case_fact where true");
        List<Object> args = new ArrayList<>();
        if (!caller.isAuditor() && !caller.hasRole(Caller.ROLE_OPS)) {
            sql.append(" and ? = any(participants)");
            args.add(caller.institutionId());
        }
        if (canton != null) {
            sql.append(" and canton = ?");
            args.add(canton);
        }
        if (program != null) {
            sql.append(" and program = ?");
            args.add(program.name());
        }
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status);
        }
        sql.append(" order by opened_on desc, case_id offset ").append(page * size).append(" limit ").append(size);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Summary> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    short phase = rs.getShort(8);
                    result.add(new Summary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Arrays.asList((String[]) rs.getArray(6).getArray()), rs.getString(7),
                            rs.wasNull() ? null : (int) phase, rs.getObject(9, LocalDate.class),
                            rs.getObject(10, LocalDate.class), rs.getString(11), rs.getString(12)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
