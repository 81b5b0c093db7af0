package io.entitynotifier.connect.mysql.binlog;

import java.util.List;
import java.util.Locale;

/**
 * Tells the causes of the server's error 1236 ({@code ER_MASTER_FATAL_ERROR_READING_BINLOG}) apart. The server uses
 * that one code for a purged binlog or GTID set and for quite different problems (an event larger than
 * {@code max_allowed_packet}, a start position past the end of a file, a truncated or corrupt binlog, a replica with
 * more GTIDs than the source, a reused server id); only a purge may lead to a new snapshot under
 * {@code snapshot.mode=when_needed}. The caller confirms a purge against {@code SHOW BINARY LOGS} and
 * {@code gtid_purged} before acting on it.
 */
public final class BinlogSourceError {

    /** What a 1236 means for the connector. */
    public enum Kind {
        /** The binlog file or GTIDs the connector needs are gone from the server. */
        PURGED,
        /** Anything else: the server's message is the diagnosis; no new snapshot would help. */
        OTHER
    }

    public static final int FATAL_ERROR_READING_BINLOG = 1236;

    /** Phrases of MySQL 5.7-8.x and MariaDB 10.x for a purged position (lower case). */
    private static final List<String> PURGED = List.of(
            "purged required binary logs", // MySQL, GTID auto-position
            "has purged binary logs containing gtids", // MySQL, GTID auto-position (older wording)
            "could not find first log file name", // MySQL and MariaDB, file/position
            "could not find gtid state requested", // MariaDB, GTID
            "required binlog files have been purged"); // MariaDB, GTID (second sentence)

    private BinlogSourceError() {}

    public static Kind classify(int errorCode, String message) {
        if (errorCode != FATAL_ERROR_READING_BINLOG || message == null) {
            return Kind.OTHER;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String p : PURGED) {
            if (lower.contains(p)) {
                return Kind.PURGED;
            }
        }
        return Kind.OTHER;
    }
}
