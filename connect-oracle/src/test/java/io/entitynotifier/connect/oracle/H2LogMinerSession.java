package io.entitynotifier.connect.oracle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.entitynotifier.connect.oracle.logminer.LogMinerSession;

/**
 * LogMiner emulated in H2: ADD_LOGFILE checks the file is a known online or archived log and remembers its SCN range;
 * START_LOGMNR refuses a window the added logs do not cover (as Oracle does with ORA-01291) and otherwise copies the
 * staged redo rows of the window that lie in the added logs into {@code V$LOGMNR_CONTENTS}; END_LOGMNR empties it.
 */
public final class H2LogMinerSession implements LogMinerSession {

    /** Every window started, {@code [start, end]}, for tests of the window loop. */
    public static final ConcurrentLinkedQueue<long[]> WINDOWS = new ConcurrentLinkedQueue<>();

    private final List<long[]> added = new ArrayList<>();

    @Override
    public void addLogFile(Connection c, String fileName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT L.FIRST_CHANGE#, L.NEXT_CHANGE# FROM V$LOG L "
                        + "JOIN V$LOGFILE F ON F.GROUP# = L.GROUP# WHERE F.MEMBER = ? UNION ALL "
                        + "SELECT FIRST_CHANGE#, NEXT_CHANGE# FROM V$ARCHIVED_LOG WHERE NAME = ? AND STATUS = 'A' AND STANDBY_DEST = 'NO'")) {
            ps.setString(1, fileName);
            ps.setString(2, fileName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("ORA-01284: file " + fileName + " cannot be opened");
                }
                added.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
    }

    @Override
    public void start(Connection c, long startScn, long endScn) throws SQLException {
        for (long scn = startScn; scn <= endScn; ) {
            long next = -1;
            for (long[] r : added) {
                if (r[0] <= scn && scn < r[1]) {
                    next = r[1];
                }
            }
            if (next < 0) {
                throw new SQLException("ORA-01291: missing logfile for SCN " + scn);
            }
            scn = next;
        }
        try (Statement s = c.createStatement()) {
            if (s.executeUpdate("UPDATE LOGMNR_FAULTS SET REMAINING = REMAINING - 1 WHERE REMAINING > 0") > 0) {
                throw new SQLException("ORA-00310: archived log contains sequence 7; sequence 6 required");
            }
        }
        try (Statement s = c.createStatement()) {
            if (s.executeUpdate("UPDATE LOGMNR_SLOW SET REMAINING = REMAINING - 1 WHERE REMAINING > 0") > 0) {
                // about 10^10 rows: runs until cancelled or timed out
                s.executeQuery("SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) A, SYSTEM_RANGE(1, 100000) B "
                        + "WHERE MOD(A.X + B.X, 7) = 8");
            }
        }
        WINDOWS.add(new long[] {startScn, endScn});
        StringBuilder inLogs = new StringBuilder("(1 = 0");
        for (long[] r : added) {
            inLogs.append(" OR (SCN >= ")
                    .append(r[0])
                    .append(" AND SCN < ")
                    .append(r[1])
                    .append(')');
        }
        inLogs.append(')');
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM V$LOGMNR_CONTENTS");
            s.execute("INSERT INTO V$LOGMNR_CONTENTS (SCN, OPERATION_CODE, XID, SEG_OWNER, TABLE_NAME, SQL_REDO, CSF, "
                    + "ROW_ID, \"ROLLBACK\", \"TIMESTAMP\", RS_ID, SSN, SRC_CON_NAME) SELECT SCN, OPERATION_CODE, XID, "
                    + "SEG_OWNER, TABLE_NAME, SQL_REDO, CSF, ROW_ID, \"ROLLBACK\", \"TIMESTAMP\", RS_ID, SSN, "
                    + "SRC_CON_NAME FROM REDO_STAGING "
                    + "WHERE SCN >= " + startScn + " AND SCN <= " + endScn + " AND " + inLogs + " ORDER BY ID");
        }
    }

    @Override
    public void end(Connection c) throws SQLException {
        added.clear();
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM V$LOGMNR_CONTENTS");
        }
    }
}
