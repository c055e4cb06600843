package ch.iiz.service.access;

import ch.iiz.events.cases.CaseEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A table of per-case facts folded from case events, {@code (case_id, facts jsonb, version[, one text[] column])}:
 * the access rule's {@code case_access} and a consumer's own facts (placement's {@code case_facts}) have this shape.
 * Events are folded in their order on the caller's connection, so they commit with the caller's other effects, with
 * one read ({@code for update}, ids in order so two batches never deadlock) and one batched write per call. Idempotent:
 * an event at or below a case's stored sequence changes nothing.
 *
 * @param <F> the facts, an immutable value with a fold
 */
public final class CaseFactsTable<F> {

    /** How the facts are kept: the empty facts, the fold, and the stored JSON both ways. */
    public interface Form<F> {
        F none();

        F evolve(F facts, CaseEvent event);

        String write(F facts);

        F read(String json);
    }

    private final String table;
    private final Form<F> form;
    private final String arrayColumn;
    private final Function<F, Collection<String>> arrayValue;
    private final String upsert;

    /** A table with only facts and version. */
    public CaseFactsTable(String table, Form<F> form) {
        this(table, form, null, null);
    }

    /**
     * @param arrayColumn a {@code text[]} column kept beside the facts for queries (e.g. the readers of a case)
     * @param arrayValue  its value for given facts
     */
    public CaseFactsTable(String table, Form<F> form, String arrayColumn, Function<F, Collection<String>> arrayValue) {
        this.table = table;
        this.form = form;
        this.arrayColumn = arrayColumn;
        this.arrayValue = arrayValue;
        String extra = arrayColumn == null ? "" : ", " + arrayColumn;
        this.upsert = "insert into " + table + " (case_id, facts, version" + extra + ") values (?, ?::jsonb, ?"
                + (arrayColumn == null ? "" : ", ?") + ") on conflict (case_id) do update set facts = excluded.facts, "
                + "version = excluded.version" + (arrayColumn == null ? "" : ", " + arrayColumn + " = excluded."
                + arrayColumn);
    }

    /** The facts of a case, or the empty facts when it is unknown here. */
    public F of(Connection c, String caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select facts from " + table + " where case_id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? form.read(rs.getString(1)) : form.none();
            }
        }
    }

    /** Folds the events in, in their order; the result is the same as folding them one call each. */
    public void applyAll(Connection c, List<Access.Fact> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Map<String, F> facts = new HashMap<>();
        Map<String, Long> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select case_id, facts, version from " + table
                + " where case_id = any(?) order by case_id for update")) {
            ps.setArray(1, c.createArrayOf("text", events.stream().map(Access.Fact::caseId).distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    facts.put(rs.getString(1), form.read(rs.getString(2)));
                    stored.put(rs.getString(1), rs.getLong(3));
                }
            }
        }
        Set<String> changed = new LinkedHashSet<>();
        for (Access.Fact f : events) {
            if (f.sequence() <= stored.getOrDefault(f.caseId(), -1L)) {
                continue;
            }
            facts.put(f.caseId(), form.evolve(facts.containsKey(f.caseId()) ? facts.get(f.caseId()) : form.none(),
                    f.event()));
            stored.put(f.caseId(), f.sequence());
            changed.add(f.caseId());
        }
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            for (String caseId : changed) {
                F next = facts.get(caseId);
                ps.setString(1, caseId);
                ps.setString(2, form.write(next));
                ps.setLong(3, stored.get(caseId));
                if (arrayColumn != null) {
                    ps.setArray(4, c.createArrayOf("text", arrayValue.apply(next).toArray()));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Folds one event in. */
    public void apply(Connection c, String caseId, long sequence, CaseEvent event) throws SQLException {
        applyAll(c, List.of(new Access.Fact(caseId, sequence, event)));
    }

    /** A {@link BiFunction} fold as a {@link Form} with the given JSON both ways. */
    public static <F> Form<F> form(F none, BiFunction<F, CaseEvent, F> evolve, Function<F, String> write,
                                   Function<String, F> read) {
        return new Form<>() {
            @Override
            public F none() {
                return none;
            }

            @Override
            public F evolve(F facts, CaseEvent event) {
                return evolve.apply(facts, event);
            }

            @Override
            public String write(F facts) {
                return write.apply(facts);
            }

            @Override
            public F read(String json) {
                return read.apply(json);
            }
        };
    }
}
