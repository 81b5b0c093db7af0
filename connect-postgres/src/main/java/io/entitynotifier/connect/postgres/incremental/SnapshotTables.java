package io.entitynotifier.connect.postgres.incremental;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.postgres.CapturedRelation;

/** What the connector lends an incremental snapshot: its catalog lookups for the captured tables. */
public interface SnapshotTables {

    /** A captured table. */
    record TableRef(TableId id, int oid) {}

    /** The captured table with this identifier ({@code <schema>.<table>}), or null. */
    TableRef find(String identifier) throws SQLException;

    /** The identifiers of the captured tables now. */
    List<String> captured() throws SQLException;

    CapturedRelation relation(TableRef table) throws SQLException;

    List<String> primaryKey(TableRef table) throws SQLException;

    /** Each column's SQL type ({@code format_type}). */
    Map<String, String> sqlTypes(TableRef table) throws SQLException;
}
