package io.entitynotifier.connect.sqlite.snapshot;

import static io.entitynotifier.connect.sqlite.schema.SqliteSchemaReader.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.sqlite.SnapshotKey;
import io.entitynotifier.connect.sqlite.changelog.JsonRowParser;
import io.entitynotifier.connect.sqlite.schema.SqliteTable;

/**
 * The keys of rows changed after a snapshot's point, read from the change log. A snapshot resumed after a restart
 * runs in a newer read transaction than the one it began in; a row whose key changed since the snapshot point is
 * left out of the resumed part, because streaming (which starts at the snapshot point) delivers its changes: first
 * the change whose {@code before} is the row as of the snapshot point. Every other remaining row is the same as at
 * the snapshot point. So each row is delivered once, and no row's newer state comes before its older changes.
 */
final class ChangedKeys {

    private final Map<String, Set<String>> byTable = new HashMap<>();

    private ChangedKeys() {}

    /** Keys changed in {@code (fromSeq, toSeq]} of the given tables, read on the snapshot's connection. */
    static ChangedKeys read(Connection c, String logTable, long fromSeq, long toSeq, List<SqliteTable> tables)
            throws SQLException {
        ChangedKeys out = new ChangedKeys();
        Map<String, SqliteTable> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, tbl, old_row, new_row, old_rowid, new_rowid FROM "
                + quote(logTable) + " WHERE seq > ? AND seq <= ? ORDER BY seq")) {
            ps.setLong(1, fromSeq);
            ps.setLong(2, toSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SqliteTable t = byName.get(rs.getString(2));
                    if (t == null) {
                        continue;
                    }
                    long seq = rs.getLong(1);
                    Set<String> keys = out.byTable.computeIfAbsent(t.name(), k -> new HashSet<>());
                    for (int image = 0; image < 2; image++) {
                        String json = rs.getString(3 + image);
                        long rowid = rs.getLong(5 + image);
                        Long rid = rs.wasNull() ? null : rowid;
                        if (json != null) {
                            keys.add(SnapshotKey.encode(keyOf(t, json, rid, seq)));
                        }
                    }
                }
            }
        }
        return out;
    }

    boolean changed(String table, List<Object> key) {
        Set<String> keys = byTable.get(table);
        return keys != null && keys.contains(SnapshotKey.encode(key));
    }

    int size() {
        return byTable.values().stream().mapToInt(Set::size).sum();
    }

    /** The snapshot key (see {@code SqliteSnapshotReader.keyColumns}) of one row image of the log. */
    private static List<Object> keyOf(SqliteTable t, String json, Long rowid, long seq) {
        List<Column> pk =
                t.schema().columns().stream().filter(Column::primaryKey).toList();
        if (t.rowid()) {
            if (rowid != null) {
                return List.of(rowid);
            }
            // Logged before the log had rowids: the key is known only when the rowid is an INTEGER PRIMARY KEY.
            if (pk.size() == 1 && "INTEGER".equalsIgnoreCase(pk.get(0).typeName())) {
                Object v = JsonRowParser.parse(json).get(pk.get(0).name());
                if (v instanceof Long) {
                    return List.of(v);
                }
            }
            throw new ConnectException("table " + t.schema().id() + ", change-log seq " + seq + ": the row's rowid is "
                    + "not in the change log (written by an earlier version), so the interrupted snapshot cannot "
                    + "resume consistently; delete the connector's offsets (or use a new connector name) to start "
                    + "the snapshot over");
        }
        Map<String, Object> values = JsonRowParser.parse(json);
        List<Object> key = new ArrayList<>(pk.size());
        for (Column col : pk) {
            key.add(values.get(col.name()));
        }
        return key;
    }
}
