package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.SQLException;

import io.entitynotifier.connect.oracle.logminer.LogMinerSession;

/**
 * The SQL only a real Oracle database understands, kept behind one seam so that everything else (the SCN-window loop,
 * the LogMiner query, buffering, offsets, the snapshot's chunking) runs unchanged against a stand-in in tests.
 * Implementations need a public no-argument constructor ({@code database.dialect.class}).
 */
public interface OracleDialect {

    /** Session settings every connection gets before use (NLS formats the redo parser relies on). */
    void prepare(Connection connection) throws SQLException;

    /** Moves the session into another container of a multitenant database ({@code ALTER SESSION SET CONTAINER}). */
    void switchContainer(Connection connection, String container) throws SQLException;

    /** Issues DBMS_LOGMNR calls. */
    LogMinerSession logMinerSession();

    /**
     * The FROM item of snapshot queries reading {@code table} (quoted, schema-qualified) as of {@code scn}: every
     * column of the table and {@link #rowId()}, with the data committed at or before {@code scn} only.
     */
    String tableAsOf(String table, long scn);

    /** The row address snapshot queries of a key-less table select, compare and order by ({@code ROWID}). */
    String rowId();

    /** A bind parameter holding the text of a {@link #rowId()}, comparable with it. */
    String rowIdParameter();
}
