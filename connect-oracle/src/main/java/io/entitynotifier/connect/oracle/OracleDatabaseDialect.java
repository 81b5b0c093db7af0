package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.entitynotifier.connect.oracle.logminer.LogMinerSession;
import io.entitynotifier.connect.oracle.logminer.OracleLogMinerSession;

/** The real Oracle dialect: NLS session formats, DBMS_LOGMNR PL/SQL calls and flashback queries. */
public final class OracleDatabaseDialect implements OracleDialect {

    /**
     * Fixes the formats LogMiner uses when it writes values into SQL_REDO, so they do not depend on the database's
     * defaults. The parser reads the mask given in each TO_DATE/TO_TIMESTAMP call anyway; the numeric characters
     * matter because NUMBER literals carry no mask.
     */
    static final String NLS_SQL = "ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS' "
            + "NLS_TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF9' "
            + "NLS_TIMESTAMP_TZ_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM' "
            + "NLS_NUMERIC_CHARACTERS = '.,'";

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
    public String asOfScn(long scn) {
        return " AS OF SCN " + scn;
    }
}
