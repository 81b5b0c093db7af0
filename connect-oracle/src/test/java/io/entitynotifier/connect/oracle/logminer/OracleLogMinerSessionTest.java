package io.entitynotifier.connect.oracle.logminer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The DBMS_LOGMNR calls as docs/oracle.md lists them (they cannot run without an Oracle server). */
class OracleLogMinerSessionTest {

    @Test
    void sessionControlIsThreePlSqlCalls() {
        assertEquals(
                "BEGIN SYS.DBMS_LOGMNR.ADD_LOGFILE(LOGFILENAME => ?, OPTIONS => SYS.DBMS_LOGMNR.ADDFILE); END;",
                OracleLogMinerSession.ADD_LOGFILE_SQL);
        assertEquals(
                "BEGIN SYS.DBMS_LOGMNR.START_LOGMNR(STARTSCN => ?, ENDSCN => ?, "
                        + "OPTIONS => SYS.DBMS_LOGMNR.DICT_FROM_ONLINE_CATALOG + SYS.DBMS_LOGMNR.NO_ROWID_IN_STMT); END;",
                OracleLogMinerSession.START_SQL);
        assertEquals("BEGIN SYS.DBMS_LOGMNR.END_LOGMNR(); END;", OracleLogMinerSession.END_SQL);
    }
}
