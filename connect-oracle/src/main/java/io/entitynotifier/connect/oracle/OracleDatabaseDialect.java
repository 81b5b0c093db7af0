package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.entitynotifier.connect.oracle.logminer.LogMinerSession;
import io.entitynotifier.connect.oracle.logminer.OracleDateTimeFormat;
import io.entitynotifier.connect.oracle.logminer.OracleLogMinerSession;

/** The real Oracle dialect: NLS session formats, DBMS_LOGMNR PL/SQL calls and flashback queries. */
public final class OracleDatabaseDialect implements OracleDialect {

    /**
     * Fixes the formats LogMiner uses when it writes values into SQL_REDO, so they do not depend on the database's
     * defaults: TO_TIMESTAMP('...') and TO_TIMESTAMP_TZ('...') come without a mask and are read in these formats;
     * the numeric characters matter because NUMBER literals carry no mask either. Binary sort and comparison keep the
     * snapshot's ORDER BY and its "key > last key" in agreement for character keys. TIME_ZONE 00:00 makes TIMESTAMP
     * WITH LOCAL TIME ZONE values UTC in the snapshot and in SQL_REDO, as Debezium's session does.
     */
    static final String NLS_SQL = "ALTER SESSION SET NLS_DATE_FORMAT = '"
            + OracleDateTimeFormat.SESSION_DATE_FORMAT + "' NLS_TIMESTAMP_FORMAT = '"
            + OracleDateTimeFormat.SESSION_TIMESTAMP_FORMAT + "' NLS_TIMESTAMP_TZ_FORMAT = '"
            + OracleDateTimeFormat.SESSION_TIMESTAMP_TZ_FORMAT + "' NLS_NUMERIC_CHARACTERS = '.,' "
            + "NLS_SORT = BINARY NLS_COMP = BINARY TIME_ZONE = '00:00'";

    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(NLS_SQL);
        }
    }

    /** {@code container} was checked by validation to be a plain identifier. */
    @Override
    public void switchContainer(Connection connection, String container) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER SESSION SET CONTAINER = " + container);
        }
    }

    @Override
    public LogMinerSession logMinerSession() {
        return new OracleLogMinerSession();
    }

    @Override
    public String tableAsOf(String table, long scn) {
        return table + " AS OF SCN " + scn;
    }

    /** Read with getString: the 18-character extended ROWID text, turned back by CHARTOROWID. */
    @Override
    public String rowId() {
        return "ROWID";
    }

    @Override
    public String rowIdParameter() {
        return "CHARTOROWID(?)";
    }
}
