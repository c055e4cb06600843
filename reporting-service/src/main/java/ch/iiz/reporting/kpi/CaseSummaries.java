package ch.iiz.reporting.kpi;

import ch.iiz.events.Program;
import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.web.QueryParams;
import ch.iiz.service.web.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    @Inject
    Access access;

    @GET
    @Path("/cases")
    @Operation(summary = "Summaries of the caller's cases, newest first, filterable by canton, program and status")
    public List<Summary> list(@QueryParam("canton") @Parameter(description = "two letters, e.g. AG") String canton,
                              @QueryParam("program") @Parameter(description = "AMIPLUS, OPTIMA or COOPERATION") String programParam,
                              @QueryParam("status") @Parameter(description = "OPEN, ABORTED or CLOSED") String status,
                              @QueryParam("page") @Parameter(description = "from 0") String pageParam,
                              @QueryParam("size") @Parameter(description = "1 to 200") String sizeParam) {
        Access.CaseFilter scope = access.caseFilter(caller, "case_id");
        QueryParams.oneOf("status", status, "OPEN", "ABORTED", "CLOSED");
        if (canton != null && !canton.matches("[A-Z]{2}")) {
            throw ProblemException.badRequest("canton", "canton", "canton is a two-letter code such as AG");
        }
        Program program = QueryParams.oneOf("program", programParam, Program.class);
        int page = QueryParams.integer("page", pageParam, 0, 0, QueryParams.MAX_PAGE);
        int size = QueryParams.integer("size", sizeParam, 50, 1, 200);
        StringBuilder sql = new StringBuilder("select case_id, canton, municipality, program, lead_institution, "
                + "participants, status, phase, opened_on, ended_on, outcome, abort_reason from case_fact where ")
                .append(scope.sql());
        List<Object> args = new ArrayList<>();
        if (scope.scoped()) {
            args.add(scope.institutionId());
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
        sql.append(" order by opened_on desc, case_id offset ").append(QueryParams.offset(page, size)).append(" limit ").append(size);
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
