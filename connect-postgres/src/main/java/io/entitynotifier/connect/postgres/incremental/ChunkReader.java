package io.entitynotifier.connect.postgres.incremental;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.postgres.Catalog;
import io.entitynotifier.connect.postgres.PgOutputMessage.RelationColumn;

/**
 * The SQL of an incremental snapshot: the watermark rows written into the signal table around each chunk (as
 * Debezium's {@code insert_insert} watermarking: {@code <window id>-open} of type {@code snapshot-window-open}, then
 * {@code <window id>-close} of type {@code snapshot-window-close}), the table's largest key when its snapshot starts,
 * and the chunks, ordered by primary key, each after the last key read and up to that largest key. Every statement
 * runs in autocommit on the connection given, so each watermark is a transaction of its own in the WAL and the chunk
 * query sees everything committed before it. Key values travel as PostgreSQL text, cast to the column types.
 */
final class ChunkReader {

    /** A chunk's row: its primary key as text (for the offset) and each column's text in relation-column order. */
    record TextRow(List<String> key, String[] values) {}

    private final Connection connection;
    private final TableId signalTable;

    ChunkReader(Connection connection, TableId signalTable) {
        this.connection = connection;
        this.signalTable = signalTable;
    }

    /** Writes one watermark row ({@code data} holds only a timestamp, as Debezium's). */
    void watermark(String id, String type) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO " + Catalog.quote(signalTable) + " (id, type, data) VALUES (?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, type);
            ps.setString(3, "{\"openWindowTimestamp\": \"" + java.time.Instant.now() + "\"}");
            ps.executeUpdate();
        }
    }

    /** The largest key of the table's rows that match {@code condition} (null: all), or null when there is none. */
    List<String> maximum(TableId table, List<String> pk, String condition) throws SQLException {
        String keys = pk.stream().map(k -> Catalog.quote(k) + "::text").collect(Collectors.joining(", "));
        String t = Catalog.quote(table); // qualified: the output columns (text) have the key columns' names
        String desc = pk.stream().map(k -> t + "." + Catalog.quote(k) + " DESC").collect(Collectors.joining(", "));
        String sql = "SELECT " + keys + " FROM " + Catalog.quote(table)
                + (condition == null ? "" : " WHERE (" + condition + ")") + " ORDER BY " + desc + " LIMIT 1";
        try (PreparedStatement ps = connection.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            List<String> out = new ArrayList<>(pk.size());
            for (int i = 0; i < pk.size(); i++) {
                out.add(rs.getString(i + 1));
            }
            return out;
        }
    }

    /**
     * Up to {@code limit} rows after {@code after} (null: from the first) and up to {@code maximum}, in key order.
     *
     * @param types each column's SQL type ({@code format_type}), for the casts of the key values
     */
    List<TextRow> chunk(
            TableId table,
            List<RelationColumn> columns,
            List<String> pk,
            Map<String, String> types,
            String condition,
            List<String> after,
            List<String> maximum,
            int limit)
            throws SQLException {
        String keys = pk.stream().map(Catalog::quote).collect(Collectors.joining(", "));
        String params = pk.stream().map(k -> "CAST(? AS " + types.get(k) + ")").collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(columns.stream().map(c -> Catalog.quote(c.name())).collect(Collectors.joining(", ")));
        for (int i = 0; i < pk.size(); i++) { // aliased: a key column is selected twice
            sql.append(", ")
                    .append(Catalog.quote(pk.get(i)))
                    .append("::text AS \"__en_key")
                    .append(i)
                    .append('"');
        }
        String t = Catalog.quote(table);
        keys = pk.stream().map(k -> t + "." + Catalog.quote(k)).collect(Collectors.joining(", "));
        sql.append(" FROM ").append(t).append(" WHERE (").append(keys).append(") <= (");
        sql.append(params).append(')');
        if (after != null) {
            sql.append(" AND (").append(keys).append(") > (").append(params).append(')');
        }
        if (condition != null) {
            sql.append(" AND (").append(condition).append(')');
        }
        sql.append(" ORDER BY ").append(keys).append(" LIMIT ").append(limit);
        List<TextRow> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            int p = 1;
            for (String v : maximum) {
                ps.setString(p++, v);
            }
            if (after != null) {
                for (String v : after) {
                    ps.setString(p++, v);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] values = new String[columns.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getString(i + 1);
                    }
                    List<String> key = new ArrayList<>(pk.size());
                    for (int i = 0; i < pk.size(); i++) {
                        key.add(rs.getString(columns.size() + i + 1));
                    }
                    out.add(new TextRow(key, values));
                }
            }
        }
        return out;
    }
}
