package io.entitynotifier.connect.oracle.logminer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Finds the redo logs that hold an SCN range: online logs from {@code V$LOG}/{@code V$LOGFILE}, archived ones from
 * {@code V$ARCHIVED_LOG}, one file per (thread, sequence), the online copy preferred. When the oldest log found starts
 * after the range does, the redo needed is gone (archived logs deleted) and mining stops with an error instead of
 * skipping changes.
 */
public final class RedoLogFinder {

    /** V$LOG.NEXT_CHANGE# of the current log is this (or null on old releases). */
    static final long OPEN_END = 281474976710655L;

    static final String ONLINE_SQL = "SELECT MIN(F.MEMBER), L.THREAD#, L.SEQUENCE#, L.FIRST_CHANGE#, L.NEXT_CHANGE# "
            + "FROM V$LOG L JOIN V$LOGFILE F ON F.GROUP# = L.GROUP# "
            + "WHERE L.STATUS <> 'UNUSED' AND F.TYPE = 'ONLINE' AND (F.STATUS IS NULL OR F.STATUS <> 'INVALID') "
            + "AND (L.NEXT_CHANGE# IS NULL OR L.NEXT_CHANGE# > ?) AND L.FIRST_CHANGE# <= ? "
            + "GROUP BY L.THREAD#, L.SEQUENCE#, L.FIRST_CHANGE#, L.NEXT_CHANGE#";
    static final String ARCHIVED_SQL = "SELECT MIN(NAME), THREAD#, SEQUENCE#, FIRST_CHANGE#, NEXT_CHANGE# "
            + "FROM V$ARCHIVED_LOG WHERE NAME IS NOT NULL AND ARCHIVED = 'YES' AND STATUS = 'A' "
            + "AND STANDBY_DEST = 'NO' "
            + "AND NEXT_CHANGE# > ? AND FIRST_CHANGE# <= ? "
            + "GROUP BY THREAD#, SEQUENCE#, FIRST_CHANGE#, NEXT_CHANGE#";

    /** One redo log file and the SCNs it holds: {@code [firstScn, nextScn)}. */
    public record LogFile(String name, int thread, long sequence, long firstScn, long nextScn) {}

    /** Logs holding SCNs {@code startScn..endScn} (inclusive), in SCN order. */
    public List<LogFile> find(Connection c, long startScn, long endScn) throws SQLException {
        Map<String, LogFile> bySequence = new LinkedHashMap<>();
        read(c, ONLINE_SQL, startScn, endScn, bySequence);
        read(c, ARCHIVED_SQL, startScn, endScn, bySequence);
        List<LogFile> logs = new ArrayList<>(bySequence.values());
        logs.sort(Comparator.comparingLong(LogFile::firstScn).thenComparingInt(LogFile::thread));
        check(logs, startScn, endScn);
        return logs;
    }

    private static void read(Connection c, String sql, long startScn, long endScn, Map<String, LogFile> out)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, startScn);
            ps.setLong(2, endScn);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long next = rs.getLong(5);
                    if (rs.wasNull()) {
                        next = OPEN_END;
                    }
                    LogFile f = new LogFile(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), next);
                    out.putIfAbsent(f.thread() + "/" + f.sequence(), f);
                }
            }
        }
    }

    /** Per redo thread, the logs must cover the range without holes. */
    private static void check(List<LogFile> logs, long startScn, long endScn) {
        if (logs.isEmpty()) {
            throw new ConnectException("no redo log (online or archived) holds SCN " + startScn + "; the redo "
                    + "needed to resume is no longer available. Restart the connector with a new snapshot "
                    + "(new topic.prefix) or restore the archived logs.");
        }
        Map<Integer, List<LogFile>> threads = new LinkedHashMap<>();
        for (LogFile f : logs) {
            threads.computeIfAbsent(f.thread(), t -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<Integer, List<LogFile>> e : threads.entrySet()) {
            List<LogFile> t = e.getValue();
            if (t.get(0).firstScn() > startScn) {
                throw new ConnectException("redo thread " + e.getKey() + ": the oldest available log (sequence "
                        + t.get(0).sequence() + ") starts at SCN " + t.get(0).firstScn() + ", after SCN " + startScn
                        + " where mining must resume; the logs in between were deleted. Restore them or take a new "
                        + "snapshot.");
            }
            for (int i = 1; i < t.size(); i++) {
                if (t.get(i).firstScn() > t.get(i - 1).nextScn()) {
                    throw new ConnectException("redo thread " + e.getKey() + ": no log holds SCNs "
                            + t.get(i - 1).nextScn() + " to " + (t.get(i).firstScn() - 1) + " (between sequences "
                            + t.get(i - 1).sequence() + " and " + t.get(i).sequence() + ")");
                }
            }
        }
    }
}
