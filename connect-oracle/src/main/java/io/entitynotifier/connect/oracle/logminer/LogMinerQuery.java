package io.entitynotifier.connect.oracle.logminer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import io.entitynotifier.connect.oracle.SchemaFilter;

/**
 * The query over {@code V$LOGMNR_CONTENTS} for one SCN window. Transaction control rows (start, commit, rollback)
 * always come back; change rows only for captured schemas and tables: the include/exclude lists are applied by Oracle
 * with {@code REGEXP_LIKE}, so redo of other tables never crosses the network. Continuation rows ({@code CSF = 1})
 * are joined here.
 */
public final class LogMinerQuery {

    private final String sql;
    private final List<String> parameters = new ArrayList<>();

    public LogMinerQuery(
            List<String> schemaInclude,
            List<String> schemaExclude,
            List<String> tableInclude,
            List<String> tableExclude) {
        this(null, schemaInclude, schemaExclude, tableInclude, tableExclude);
    }

    /** @param pdbName in a multitenant database, only redo of this PDB is read (control rows included) */
    public LogMinerQuery(
            String pdbName,
            List<String> schemaInclude,
            List<String> schemaExclude,
            List<String> tableInclude,
            List<String> tableExclude) {
        this(pdbName, schemaInclude, schemaExclude, tableInclude, tableExclude, null, null);
    }

    /** @param skipOwner with {@code skipTable}: a table never to read (the connector's own flush table) */
    public LogMinerQuery(
            String pdbName,
            List<String> schemaInclude,
            List<String> schemaExclude,
            List<String> tableInclude,
            List<String> tableExclude,
            String skipOwner,
            String skipTable) {
        StringBuilder sb = new StringBuilder("SELECT SCN, OPERATION_CODE, XID, SEG_OWNER, TABLE_NAME, SQL_REDO, CSF, ")
                .append("ROW_ID, \"ROLLBACK\", \"TIMESTAMP\", RS_ID, SSN FROM V$LOGMNR_CONTENTS ")
                .append("WHERE SCN > ? AND SCN <= ? ");
        if (pdbName != null) {
            sb.append("AND SRC_CON_NAME = ? ");
            parameters.add(pdbName);
        }
        sb.append("AND (OPERATION_CODE IN (6, 7, 36) OR (OPERATION_CODE IN ")
                .append("(1, 2, 3, 5, 255) AND SEG_OWNER NOT IN (");
        List<String> system = new ArrayList<>(SchemaFilter.SYSTEM_SCHEMAS);
        system.sort(null);
        for (int i = 0; i < system.size(); i++) {
            sb.append(i == 0 ? "'" : ", '")
                    .append(system.get(i).replace("'", "''"))
                    .append('\'');
        }
        sb.append(')');
        if (skipOwner != null) {
            sb.append(" AND NOT (SEG_OWNER = ? AND TABLE_NAME = ?)");
            parameters.add(skipOwner);
            parameters.add(skipTable);
        }
        any(sb, "SEG_OWNER", schemaInclude);
        none(sb, "SEG_OWNER", schemaExclude);
        any(sb, "SEG_OWNER || '.' || TABLE_NAME", tableInclude);
        none(sb, "SEG_OWNER || '.' || TABLE_NAME", tableExclude);
        sb.append("))");
        this.sql = sb.toString();
    }

    private void any(StringBuilder sb, String expr, List<String> regexes) {
        List<String> r =
                regexes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (r.isEmpty()) {
            return;
        }
        sb.append(" AND (");
        for (int i = 0; i < r.size(); i++) {
            sb.append(i == 0 ? "" : " OR ").append("REGEXP_LIKE(").append(expr).append(", ?, 'i')");
            parameters.add("^(" + r.get(i) + ")$");
        }
        sb.append(')');
    }

    private void none(StringBuilder sb, String expr, List<String> regexes) {
        for (String re : regexes) {
            if (!re.isBlank()) {
                sb.append(" AND NOT REGEXP_LIKE(").append(expr).append(", ?, 'i')");
                parameters.add("^(" + re.trim() + ")$");
            }
        }
    }

    public String sql() {
        return sql;
    }

    /** Runs the query for SCNs {@code (afterScn, toScn]} and hands each (joined) row to {@code sink} in order. */
    public void run(Connection c, long afterScn, long toScn, Consumer<RedoRow> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(2_000);
            ps.setLong(1, afterScn);
            ps.setLong(2, toScn);
            for (int i = 0; i < parameters.size(); i++) {
                ps.setString(i + 3, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder continued = null;
                while (rs.next()) {
                    String redo = rs.getString(6);
                    if (rs.getInt(7) == 1) {
                        // The statement goes on in the next row(s): the last one has CSF = 0.
                        continued = continued == null ? new StringBuilder() : continued;
                        continued.append(redo == null ? "" : redo);
                        continue;
                    }
                    if (continued != null) {
                        redo = continued.append(redo == null ? "" : redo).toString();
                        continued = null;
                    }
                    byte[] xid = rs.getBytes(3);
                    LocalDateTime ts = rs.getObject(10, LocalDateTime.class);
                    sink.accept(new RedoRow(
                            rs.getLong(1),
                            rs.getInt(2),
                            xid == null ? null : HexFormat.of().withUpperCase().formatHex(xid),
                            rs.getString(4),
                            rs.getString(5),
                            redo,
                            rs.getString(8),
                            rs.getInt(9) == 1,
                            ts == null ? 0 : ts.toInstant(ZoneOffset.UTC).toEpochMilli(),
                            rs.getString(11),
                            rs.getLong(12)));
                }
                if (continued != null) {
                    throw new SQLException(
                            "V$LOGMNR_CONTENTS ended inside a continued statement (CSF = 1): " + continued);
                }
            }
        }
    }
}
