package io.entitynotifier.connect.oracle.incremental;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.connect.errors.ConnectException;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.signal.SignalConfig;
import io.entitynotifier.connect.oracle.CapturedColumn;
import io.entitynotifier.connect.oracle.OracleDialect;
import io.entitynotifier.connect.oracle.OracleTable;
import io.entitynotifier.connect.oracle.TableCache;

/**
 * The signal table of {@code signal.data.collection}: checked at start (a captured table with Debezium's columns ID,
 * TYPE and DATA), and the writer of the incremental snapshot's watermark rows into it.
 */
public final class OracleSignalTable {

    static final List<String> COLUMNS = List.of("ID", "TYPE", "DATA");

    private final TableId id;
    /** ID, TYPE and DATA as the dictionary spells them. */
    private final List<String> columns;

    private OracleSignalTable(TableId id, List<String> columns) {
        this.id = id;
        this.columns = columns;
    }

    /**
     * Resolves {@code signal.data.collection}, {@code SCHEMA.TABLE} or Debezium's {@code DATABASE.SCHEMA.TABLE}.
     *
     * @throws ConnectException naming the key when the table is not captured or lacks a column
     */
    public static OracleSignalTable check(String configured, TableCache tables, Connection dictionary)
            throws SQLException {
        String[] parts = configured.split("\\.");
        if (parts.length < 2 || parts.length > 3) {
            throw new ConnectException(SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG + ": '" + configured
                    + "' must be named '<schema>.<table>' (or '<database>.<schema>.<table>')");
        }
        TableId id = tables.reader().tableId(parts[parts.length - 2].trim(), parts[parts.length - 1].trim());
        boolean captured = tables.reader().captures(id)
                && tables.reader().capturedTables(dictionary).contains(id);
        if (!captured) {
            throw new ConnectException(SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG + ": table '" + configured
                    + "' does not exist or is not captured (add it to table.include.list and schema.include.list, "
                    + "if set: its inserts reach the connector through LogMiner; names are case-sensitive, Oracle "
                    + "stores unquoted names in upper case)");
        }
        OracleTable t = tables.get(dictionary, id);
        List<String> found = new ArrayList<>();
        for (String c : COLUMNS) {
            String match = null;
            for (CapturedColumn col : t.columns()) {
                if (col.name().toUpperCase(Locale.ROOT).equals(c)) {
                    match = col.name();
                }
            }
            if (match == null) {
                throw new ConnectException(SignalConfig.SIGNAL_DATA_COLLECTION_CONFIG + ": table '" + configured
                        + "' has no column " + c + " (Debezium's signal table has ID, TYPE and DATA)");
            }
            found.add(match);
        }
        return new OracleSignalTable(id, List.copyOf(found));
    }

    public TableId id() {
        return id;
    }

    /** True for a change event of this table (by its source block's schema and table). */
    boolean is(String schema, String table) {
        return id.schema().equals(schema) && id.table().equals(table);
    }

    /** Inserts and commits one watermark row. */
    void write(OracleDialect dialect, Connection c, String rowId, String type, String data) throws SQLException {
        dialect.writeSignalRow(c, id.schema(), id.table(), columns, List.of(rowId, type, data));
    }

    /** The value of ID, TYPE or DATA in a change event's after image (any letter case), or null. */
    static String field(org.apache.kafka.connect.data.Struct after, String column) {
        for (org.apache.kafka.connect.data.Field f : after.schema().fields()) {
            if (f.name().equalsIgnoreCase(column)) {
                Object v = after.get(f);
                return v == null ? null : v.toString();
            }
        }
        return null;
    }
}
