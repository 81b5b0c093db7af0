package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.oracle.logminer.LogMinerQuery;

/**
 * The SQL the real Oracle dialect issues, pinned as docs/oracle.md lists it: it cannot run here (no Oracle server),
 * so at least its text must not drift from what the documentation promises and Oracle's syntax requires.
 */
class OracleSqlTextTest {

    @Test
    void snapshotChunksReadAsOfTheSnapshotScnInKeyOrder() {
        OracleTable pairs = TestTables.table("APP", "PAIRS", "A NUMBER(5) PK, B VARCHAR2(10) PK, V VARCHAR2(10)");
        OracleDialect oracle = new OracleDatabaseDialect();
        assertEquals(
                "SELECT \"A\", \"B\", \"V\" FROM \"APP\".\"PAIRS\" AS OF SCN 123 ORDER BY \"A\", \"B\" "
                        + "FETCH FIRST 10 ROWS ONLY",
                SnapshotReader.chunkQuery(pairs, oracle, 123, false, 10));
        assertEquals(
                "SELECT \"A\", \"B\", \"V\" FROM \"APP\".\"PAIRS\" AS OF SCN 123 WHERE (\"A\" > ?) OR "
                        + "(\"A\" = ? AND \"B\" > ?) ORDER BY \"A\", \"B\" FETCH FIRST 10 ROWS ONLY",
                SnapshotReader.chunkQuery(pairs, oracle, 123, true, 10));
        OracleTable noKey = TestTables.table("APP", "LOG", "MSG VARCHAR2(10)");
        assertEquals(
                "SELECT \"MSG\", ROWID FROM \"APP\".\"LOG\" AS OF SCN 7 ORDER BY ROWID FETCH FIRST 10 ROWS ONLY",
                SnapshotReader.chunkQuery(noKey, oracle, 7, false, 10));
        assertEquals(
                "SELECT \"MSG\", ROWID FROM \"APP\".\"LOG\" AS OF SCN 7 WHERE ROWID > CHARTOROWID(?) "
                        + "ORDER BY ROWID FETCH FIRST 10 ROWS ONLY",
                SnapshotReader.chunkQuery(noKey, oracle, 7, true, 10));
    }

    @Test
    void sessionSetupFixesTheFormatsTheParserReads() {
        assertEquals(
                "ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS' "
                        + "NLS_TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF9' "
                        + "NLS_TIMESTAMP_TZ_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM' NLS_NUMERIC_CHARACTERS = '.,' "
                        + "NLS_SORT = BINARY NLS_COMP = BINARY TIME_ZONE = '00:00'",
                OracleDatabaseDialect.NLS_SQL);
    }

    @Test
    void theContentsQueryFiltersInSql() {
        String sql = new LogMinerQuery(
                        "ORCLPDB1",
                        List.of("APP"),
                        List.of("TMP"),
                        List.of("APP\\.T.*"),
                        List.of("APP\\.TX"),
                        "CDC",
                        "LOG_MINING_FLUSH")
                .sql();
        assertTrue(
                sql.startsWith("SELECT SCN, OPERATION_CODE, XID, SEG_OWNER, TABLE_NAME, SQL_REDO, CSF, ROW_ID, "
                        + "\"ROLLBACK\", \"TIMESTAMP\", RS_ID, SSN FROM V$LOGMNR_CONTENTS WHERE SCN > ? AND SCN <= ? "
                        + "AND SRC_CON_NAME = ? AND (OPERATION_CODE IN (6, 7, 36) OR (OPERATION_CODE IN (1, 2, 3, 5, 255) "
                        + "AND SEG_OWNER NOT IN ('ANONYMOUS', "),
                sql);
        assertTrue(
                sql.endsWith("'XS$NULL') AND NOT (SEG_OWNER = ? AND TABLE_NAME = ?) "
                        + "AND (REGEXP_LIKE(SEG_OWNER, ?, 'i')) AND NOT REGEXP_LIKE(SEG_OWNER, ?, 'i') "
                        + "AND (REGEXP_LIKE(SEG_OWNER || '.' || TABLE_NAME, ?, 'i')) "
                        + "AND NOT REGEXP_LIKE(SEG_OWNER || '.' || TABLE_NAME, ?, 'i')))"),
                sql);
    }
}
