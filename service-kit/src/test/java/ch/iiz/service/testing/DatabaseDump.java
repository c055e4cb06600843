package ch.iiz.service.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of every table of a database as text, for tests that must prove what a service does not keep (e.g. no
 * clear text of personal data anywhere). Binary columns (the event store's payloads) are read as escaped text, so
 * JSON in them shows as it is.
 */
public final class DatabaseDump {

    private DatabaseDump() {
    }

    /** Table name to the text of each of its rows. */
    public static Map<String, List<String>> rows(String jdbcUrl, String user, String password) throws SQLException {
        Map<String, List<String>> result = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select table_name, column_name, data_type from information_schema.columns
                    where table_schema = current_schema() order by table_name, ordinal_position""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = "\"" + rs.getString(2) + "\"";
                    String expression = "bytea".equals(rs.getString(3)) ? "encode(" + column + ", 'escape')"
                            : column + "::text";
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(expression);
                }
            }
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select concat_ws(' | ', "
                        + String.join(", ", table.getValue()) + ") from \"" + table.getKey() + "\"");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                result.put(table.getKey(), rows);
            }
        }
        return result;
    }

    /** The tables, with the rows, that contain {@code text} anywhere. */
    public static Map<String, List<String>> containing(Map<String, List<String>> dump, String text) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        dump.forEach((table, rows) -> rows.stream().filter(r -> r != null && r.contains(text))
                .forEach(r -> found.computeIfAbsent(table, t -> new ArrayList<>()).add(r)));
        return found;
    }
}
