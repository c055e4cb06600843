package ch.iiz.reporting.kpi;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The KPI facts of one batch's cases in memory: read with one query per table, changed by {@link KpiProjector#fold},
 * written back with one multi-row statement per table (arrays unnested by PostgreSQL), so a batch costs a handful of
 * round trips whatever its size. Only rows the batch created or changed are written. Report and cost facts are only
 * ever created, so they are not read: a new one is inserted unless it exists.
 *
 * <p>For a rebuild, whose fresh tables no one else writes, the rows new to them go in with {@code COPY} (PostgreSQL's
 * bulk path: no conflict check, several rows per WAL record) and only rows that existed are upserted.
 */
final class KpiFacts {

    static final class CaseRow {
        final String caseId;
        String canton;
        String municipality;
        String program;
        String cooperationModel;
        String leadInstitution;
        List<String> participants;
        String status;
        Short phase;
        LocalDate openedOn;
        LocalDate endedOn;
        String outcome;
        boolean detached;
        String abortReason;
        /** The row's values as read from the table; null for a row this batch created. */
        Object[] stored;

        CaseRow(String caseId) {
            this.caseId = caseId;
        }
    }

    static final class PhaseRow {
        final String caseId;
        final short phase;
        LocalDate startedOn;
        LocalDate plannedEndOn;
        LocalDate endedOn;
        Object[] stored;

        PhaseRow(String caseId, short phase) {
            this.caseId = caseId;
            this.phase = phase;
        }
    }

    static final class HandoverRow {
        final String handoverId;
        String caseId;
        String proposedBy;
        String proposedTo;
        LocalDate proposedOn;
        LocalDate answeredOn;
        String status;
        boolean deadlineExpired;
        Object[] stored;

        HandoverRow(String handoverId) {
            this.handoverId = handoverId;
        }
    }

    /** Joins a text[] cell into one text for unnest (which flattens arrays of arrays); no id contains it. */
    private static final String SEPARATOR = "\u001f";

    private final Map<String, CaseRow> cases = new LinkedHashMap<>();
    private final Map<String, PhaseRow> phases = new LinkedHashMap<>();
    private final Map<String, HandoverRow> handovers = new LinkedHashMap<>();
    private final Map<String, Object[]> newReports = new LinkedHashMap<>();
    private final Map<String, Object[]> newCosts = new LinkedHashMap<>();

    private KpiFacts() {
    }

    /** The case, phase and handover facts of these cases, locked until the caller's transaction ends. */
    static KpiFacts load(Connection c, String suffix, List<String> caseIds) throws SQLException {
        KpiFacts f = new KpiFacts();
        Object[] ids = caseIds.stream().filter(Objects::nonNull).distinct().toArray();
        if (ids.length == 0) {
            return f;
        }
        Array idArray = c.createArrayOf("text", ids);
        try (PreparedStatement ps = c.prepareStatement("select case_id, canton, municipality, program, cooperation_model, "
                + "lead_institution, participants, status, phase, opened_on, ended_on, outcome, detached, abort_reason "
                + "from case_fact" + suffix + " where case_id = any(?) order by case_id for update")) {
            ps.setArray(1, idArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CaseRow r = new CaseRow(rs.getString(1));
                    r.canton = rs.getString(2);
                    r.municipality = rs.getString(3);
                    r.program = rs.getString(4);
                    r.cooperationModel = rs.getString(5);
                    r.leadInstitution = rs.getString(6);
                    r.participants = new ArrayList<>(Arrays.asList((String[]) rs.getArray(7).getArray()));
                    r.status = rs.getString(8);
                    short phase = rs.getShort(9);
                    r.phase = rs.wasNull() ? null : phase;
                    r.openedOn = rs.getObject(10, LocalDate.class);
                    r.endedOn = rs.getObject(11, LocalDate.class);
                    r.outcome = rs.getString(12);
                    r.detached = rs.getBoolean(13);
                    r.abortReason = rs.getString(14);
                    r.stored = CASE.values().apply(r);
                    f.cases.put(r.caseId, r);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select case_id, phase, started_on, planned_end_on, ended_on from "
                + "phase_fact" + suffix + " where case_id = any(?) order by case_id, phase for update")) {
            ps.setArray(1, idArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PhaseRow r = new PhaseRow(rs.getString(1), rs.getShort(2));
                    r.startedOn = rs.getObject(3, LocalDate.class);
                    r.plannedEndOn = rs.getObject(4, LocalDate.class);
                    r.endedOn = rs.getObject(5, LocalDate.class);
                    r.stored = PHASE.values().apply(r);
                    f.phases.put(phaseKey(r.caseId, r.phase), r);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select handover_id, case_id, proposed_by, proposed_to, proposed_on, "
                + "answered_on, status, deadline_expired from handover_fact" + suffix
                + " where case_id = any(?) order by handover_id for update")) {
            ps.setArray(1, idArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    HandoverRow r = new HandoverRow(rs.getString(1));
                    r.caseId = rs.getString(2);
                    r.proposedBy = rs.getString(3);
                    r.proposedTo = rs.getString(4);
                    r.proposedOn = rs.getObject(5, LocalDate.class);
                    r.answeredOn = rs.getObject(6, LocalDate.class);
                    r.status = rs.getString(7);
                    r.deadlineExpired = rs.getBoolean(8);
                    r.stored = HANDOVER.values().apply(r);
                    f.handovers.put(r.handoverId, r);
                }
            }
        }
        return f;
    }

    // ------------------------------------------------------------------ what the fold reads and changes

    Optional<CaseRow> caseRow(String caseId) {
        return Optional.ofNullable(cases.get(caseId));
    }

    Optional<PhaseRow> phaseRow(String caseId, short phase) {
        return Optional.ofNullable(phases.get(phaseKey(caseId, phase)));
    }

    Optional<HandoverRow> handoverRow(String handoverId) {
        return Optional.ofNullable(handovers.get(handoverId));
    }

    void openCase(String caseId, String canton, String municipality, String program, String cooperationModel,
                  String leadInstitution, List<String> participants, LocalDate openedOn) {
        cases.computeIfAbsent(caseId, id -> {
            CaseRow r = new CaseRow(id);
            r.canton = canton;
            r.municipality = municipality;
            r.program = program;
            r.cooperationModel = cooperationModel;
            r.leadInstitution = leadInstitution;
            r.participants = new ArrayList<>(participants);
            r.status = "OPEN";
            r.openedOn = openedOn;
            return r;
        });
    }

    void startPhase(String caseId, short phase, LocalDate startedOn, LocalDate plannedEndOn) {
        phases.computeIfAbsent(phaseKey(caseId, phase), k -> {
            PhaseRow r = new PhaseRow(caseId, phase);
            r.startedOn = startedOn;
            r.plannedEndOn = plannedEndOn;
            return r;
        });
    }

    void proposeHandover(String handoverId, String caseId, String proposedBy, String proposedTo, LocalDate proposedOn) {
        handovers.computeIfAbsent(handoverId, id -> {
            HandoverRow r = new HandoverRow(id);
            r.caseId = caseId;
            r.proposedBy = proposedBy;
            r.proposedTo = proposedTo;
            r.proposedOn = proposedOn;
            r.status = "PROPOSED";
            return r;
        });
    }

    void submitReport(String reportId, String caseId, String kind, Short phase, LocalDate submittedOn) {
        newReports.putIfAbsent(reportId, new Object[]{reportId, caseId, kind, phase, submittedOn});
    }

    void recordCost(String chargeId, String caseId, String kind, String creditorId, String debtorId, BigDecimal amountChf,
                    String billingMonth) {
        newCosts.putIfAbsent(chargeId, new Object[]{chargeId, caseId, kind, creditorId, debtorId, amountChf, billingMonth});
    }

    private static String phaseKey(String caseId, short phase) {
        return caseId + "\u0000" + phase;
    }

    // ------------------------------------------------------------------ writing back

    /** A table's columns, their SQL types where not text, its key (null: insert-only) and a row's values. */
    private record Table<T>(String name, String key, String[] columns, String[] types, Function<T, Object[]> values) {
    }

    private static final Table<CaseRow> CASE = new Table<>("case_fact", "case_id", new String[]{"case_id", "canton",
            "municipality", "program", "cooperation_model", "lead_institution", "participants", "status", "phase",
            "opened_on", "ended_on", "outcome", "detached", "abort_reason"},
            new String[]{"", "", "", "", "", "", "text[]", "", "smallint", "date", "date", "", "boolean", ""},
            r -> new Object[]{r.caseId, r.canton, r.municipality, r.program, r.cooperationModel, r.leadInstitution,
                    new ArrayList<>(r.participants), r.status, r.phase, r.openedOn, r.endedOn, r.outcome, r.detached,
                    r.abortReason});
    private static final Table<PhaseRow> PHASE = new Table<>("phase_fact", "case_id, phase", new String[]{"case_id",
            "phase", "started_on", "planned_end_on", "ended_on"}, new String[]{"", "smallint", "date", "date", "date"},
            r -> new Object[]{r.caseId, r.phase, r.startedOn, r.plannedEndOn, r.endedOn});
    private static final Table<HandoverRow> HANDOVER = new Table<>("handover_fact", "handover_id", new String[]{
            "handover_id", "case_id", "proposed_by", "proposed_to", "proposed_on", "answered_on", "status",
            "deadline_expired"}, new String[]{"", "", "", "", "date", "date", "", "boolean"},
            r -> new Object[]{r.handoverId, r.caseId, r.proposedBy, r.proposedTo, r.proposedOn, r.answeredOn,
                    r.status, r.deadlineExpired});
    private static final Table<Object[]> REPORT = new Table<>("report_fact", null, new String[]{"report_id", "case_id",
            "kind", "phase", "submitted_on"}, new String[]{"", "", "", "smallint", "date"}, r -> r);
    private static final Table<Object[]> COST = new Table<>("cost_fact", null, new String[]{"charge_id", "case_id",
            "kind", "creditor_id", "debtor_id", "amount_chf", "billing_month"},
            new String[]{"", "", "", "", "", "numeric", ""}, r -> r);

    /**
     * Writes the rows the batch created or changed. {@code soleWriter}: no other transaction writes these tables (a
     * rebuild's fresh copies), so rows that were not there when the batch read them cannot have appeared since, and
     * go in by {@code COPY}.
     */
    void write(Connection c, String suffix, boolean soleWriter) throws SQLException {
        writeKeyed(c, suffix, CASE, cases.values(), r -> r.stored, soleWriter);
        writeKeyed(c, suffix, PHASE, phases.values(), r -> r.stored, soleWriter);
        writeKeyed(c, suffix, HANDOVER, handovers.values(), r -> r.stored, soleWriter);
        writeNew(c, suffix, REPORT, newReports, soleWriter);
        writeNew(c, suffix, COST, newCosts, soleWriter);
    }

    private static <T> void writeKeyed(Connection c, String suffix, Table<T> table, Collection<T> rows,
                                       Function<T, Object[]> stored, boolean soleWriter) throws SQLException {
        List<Object[]> created = new ArrayList<>();
        List<Object[]> changed = new ArrayList<>();
        for (T row : rows) {
            Object[] values = table.values().apply(row);
            Object[] before = stored.apply(row);
            if (before == null) {
                created.add(values);
            } else if (!Arrays.equals(before, values)) {
                changed.add(values);
            }
        }
        if (soleWriter) {
            copy(c, table.name() + suffix, table.columns(), created);
        } else {
            changed.addAll(created);
        }
        upsert(c, table.name() + suffix, table.key(), table.columns(), table.types(), changed);
    }

    /** Insert-only facts: a row whose key exists stays as it is. */
    private static void writeNew(Connection c, String suffix, Table<Object[]> table, Map<String, Object[]> rows,
                                 boolean soleWriter) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (!soleWriter) {
            upsert(c, table.name() + suffix, null, table.columns(), table.types(), rows.values());
            return;
        }
        Map<String, Object[]> absent = new LinkedHashMap<>(rows);
        try (PreparedStatement ps = c.prepareStatement("select " + table.columns()[0] + " from " + table.name()
                + suffix + " where " + table.columns()[0] + " = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", rows.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    absent.remove(rs.getString(1));
                }
            }
        }
        copy(c, table.name() + suffix, table.columns(), absent.values());
    }

    /** {@code COPY … FROM STDIN} in PostgreSQL's text format: tab between columns, {@code \N} for null. */
    private static void copy(Connection c, String table, String[] columns, Collection<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(rows.size() * 128);
        for (Object[] row : rows) {
            for (int col = 0; col < row.length; col++) {
                if (col > 0) {
                    text.append('\t');
                }
                Object v = row[col];
                if (v == null) {
                    text.append("\\N");
                } else {
                    copyEscaped(text, v instanceof List<?> list ? arrayLiteral(list) : text(v));
                }
            }
            text.append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " ("
                + String.join(", ", columns) + ") from stdin");
        try {
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static String text(Object v) {
        return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }

    /** A text[] value as PostgreSQL reads it: every element quoted, backslash and quote escaped. */
    static String arrayLiteral(List<?> elements) {
        StringBuilder b = new StringBuilder("{");
        for (Object e : elements) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"');
            String s = String.valueOf(e);
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '"' || ch == '\\') {
                    b.append('\\');
                }
                b.append(ch);
            }
            b.append('"');
        }
        return b.append('}').toString();
    }

    /** COPY's text format: backslash, tab, newline and carriage return escaped. */
    static void copyEscaped(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
    }

    /**
     * One statement for all rows: each column goes as one text[] and is cast back. With a key, existing rows are
     * replaced; without, a row that exists stays as it is.
     */
    private static void upsert(Connection c, String table, String key, String[] columns, String[] types,
                               Collection<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String[][] byColumn = new String[columns.length][rows.size()];
        int i = 0;
        for (Object[] v : rows) {
            for (int col = 0; col < columns.length; col++) {
                byColumn[col][i] = v[col] == null ? null
                        : v[col] instanceof List<?> list ? String.join(SEPARATOR, list.stream().map(String::valueOf).toList())
                        : text(v[col]);
            }
            i++;
        }
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (")
                .append(String.join(", ", columns)).append(") select ");
        for (int col = 0; col < columns.length; col++) {
            sql.append(col == 0 ? "" : ", ");
            if (types[col].equals("text[]")) {
                sql.append("string_to_array(c").append(col).append(", chr(31))");
            } else {
                sql.append("c").append(col).append(types[col].isEmpty() ? "" : "::" + types[col]);
            }
        }
        sql.append(" from unnest(");
        for (int col = 0; col < columns.length; col++) {
            sql.append(col == 0 ? "?::text[]" : ", ?::text[]");
        }
        sql.append(") as t(");
        for (int col = 0; col < columns.length; col++) {
            sql.append(col == 0 ? "" : ", ").append('c').append(col);
        }
        sql.append(')');
        if (key == null) {
            sql.append(" on conflict do nothing");
        } else {
            sql.append(" on conflict (").append(key).append(") do update set ");
            List<String> keys = List.of(key.split(", "));
            List<String> sets = new ArrayList<>();
            for (String column : columns) {
                if (!keys.contains(column)) {
                    sets.add(column + " = excluded." + column);
                }
            }
            sql.append(String.join(", ", sets));
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int col = 0; col < columns.length; col++) {
                ps.setArray(col + 1, c.createArrayOf("text", byColumn[col]));
            }
            ps.executeUpdate();
        }
    }
}
