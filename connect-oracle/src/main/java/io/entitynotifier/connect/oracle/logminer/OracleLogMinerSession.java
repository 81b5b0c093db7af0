package io.entitynotifier.connect.oracle.logminer;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Issues the DBMS_LOGMNR calls as PL/SQL blocks. Not verified against a live Oracle in this project's tests (none
 * can run here); the calls follow Oracle's documented signatures, see docs/oracle.md.
 */
public final class OracleLogMinerSession implements LogMinerSession {

    static final String ADD_LOGFILE_SQL =
            "BEGIN SYS.DBMS_LOGMNR.ADD_LOGFILE(LOGFILENAME => ?, OPTIONS => SYS.DBMS_LOGMNR.ADDFILE); END;";
    /** Online catalog as dictionary; no ROWID clause in SQL_REDO (the parser ignores it either way). */
    static final String START_SQL = "BEGIN SYS.DBMS_LOGMNR.START_LOGMNR(STARTSCN => ?, ENDSCN => ?, "
            + "OPTIONS => SYS.DBMS_LOGMNR.DICT_FROM_ONLINE_CATALOG + SYS.DBMS_LOGMNR.NO_ROWID_IN_STMT); END;";

    static final String END_SQL = "BEGIN SYS.DBMS_LOGMNR.END_LOGMNR(); END;";

    @Override
    public void addLogFile(Connection connection, String fileName) throws SQLException {
        try (CallableStatement cs = connection.prepareCall(ADD_LOGFILE_SQL)) {
            cs.setString(1, fileName);
            cs.execute();
        }
    }

    @Override
    public void start(Connection connection, long startScn, long endScn) throws SQLException {
        try (CallableStatement cs = connection.prepareCall(START_SQL)) {
            cs.setLong(1, startScn);
            cs.setLong(2, endScn);
            cs.execute();
        }
    }

    @Override
    public void end(Connection connection) throws SQLException {
        try (CallableStatement cs = connection.prepareCall(END_SQL)) {
            cs.execute();
        }
    }
}
