package io.entitynotifier.connect.mysql.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Parses MySQL GTID set text, tagged GTIDs included: {@code uuid:1-5:11}, and since MySQL 8.3 {@code uuid:1-5:tag:1-3}
 * ({@code uuid:tag:N} names a tagged transaction). The binlog client library (mysql-binlog-connector-java 0.30.1)
 * neither parses tagged sets nor decodes the tagged GTID event (type 42) nor sends tagged sets when it connects, so the
 * connector refuses them with a clear error instead of failing inside the library or losing track of transactions.
 */
public final class MySqlGtids {

    /** One {@code uuid[:tag]} with its intervals; {@code tag} is "" for untagged GTIDs. */
    public record Entry(String uuid, String tag, List<long[]> intervals) {}

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}");
    private static final Pattern INTERVAL = Pattern.compile("\\d+(-\\d+)?");

    /** The event type number of MySQL 8.3+'s Gtid_tagged_log_event. */
    public static final int GTID_TAGGED_LOG_EVENT = 42;

    private MySqlGtids() {}

    /** The entries of {@code set} in order; empty for "". Throws IllegalArgumentException naming the bad part. */
    public static List<Entry> parse(String set) {
        List<Entry> out = new ArrayList<>();
        String text = set == null ? "" : set.replace("\n", "").replace(" ", "");
        if (text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] tokens = part.split(":", -1);
            if (!UUID.matcher(tokens[0]).matches()) {
                throw new IllegalArgumentException("GTID set part '" + part + "' does not start with a server UUID");
            }
            String uuid = tokens[0].toLowerCase(Locale.ROOT);
            String tag = "";
            List<long[]> intervals = new ArrayList<>();
            if (tokens.length < 2) {
                throw new IllegalArgumentException("GTID set part '" + part + "' has no transaction numbers");
            }
            for (int i = 1; i < tokens.length; i++) {
                String t = tokens[i];
                if (INTERVAL.matcher(t).matches()) {
                    intervals.add(interval(t, part));
                } else if (TAG.matcher(t).matches()) {
                    if (i == tokens.length - 1) {
                        throw new IllegalArgumentException(
                                "GTID set part '" + part + "' ends with the tag '" + t + "' and no numbers");
                    }
                    if (!intervals.isEmpty() || !tag.isEmpty()) {
                        out.add(new Entry(uuid, tag, List.copyOf(intervals)));
                        intervals.clear();
                    }
                    tag = t.toLowerCase(Locale.ROOT);
                } else {
                    throw new IllegalArgumentException(
                            "GTID set part '" + part + "' has '" + t + "', neither an interval nor a tag");
                }
            }
            out.add(new Entry(uuid, tag, List.copyOf(intervals)));
        }
        return out;
    }

    private static long[] interval(String t, String part) {
        int dash = t.indexOf('-');
        long start = Long.parseLong(dash < 0 ? t : t.substring(0, dash));
        long end = dash < 0 ? start : Long.parseLong(t.substring(dash + 1));
        if (start < 1 || end < start) {
            throw new IllegalArgumentException("GTID set part '" + part + "' has the empty interval '" + t + "'");
        }
        return new long[] {start, end};
    }

    /** True when {@code set} names at least one tagged GTID. */
    public static boolean hasTags(String set) {
        return parse(set).stream().anyMatch(e -> !e.tag().isEmpty());
    }

    /** The tags {@code set} uses, each once, in order. */
    public static List<String> tags(String set) {
        return parse(set).stream()
                .map(Entry::tag)
                .filter(t -> !t.isEmpty())
                .distinct()
                .toList();
    }

    /** Why tagged GTIDs cannot be captured, for errors and validation. */
    public static String taggedUnsupported(String where, String set) {
        return where + " holds tagged GTIDs (MySQL 8.3+ 'server_uuid:tag:N', tags " + tags(set) + "), which the "
                + "connector cannot capture: its binlog client (mysql-binlog-connector-java 0.30.1) can neither decode "
                + "tagged GTID events (type 42) nor resume from a tagged GTID set. Tagged GTIDs stay in gtid_executed, "
                + "so this server cannot be captured until the client supports them";
    }

    /** Throws a ConnectException when {@code set} holds tagged GTIDs or is not a MySQL GTID set. */
    public static void refuseTagged(String where, String set) {
        if (set == null) {
            return;
        }
        boolean tagged;
        try {
            tagged = hasTags(set);
        } catch (IllegalArgumentException e) {
            throw new ConnectException(where + " is not a MySQL GTID set: " + e.getMessage(), e);
        }
        if (tagged) {
            throw new ConnectException(taggedUnsupported(where, set));
        }
    }

    /**
     * The error for an event type the binlog client does not know: it must stop, because skipping it could drop or
     * misattribute changes.
     */
    public static String unknownEvent(String file, long pos) {
        return "binlog event of a type the binlog client does not know at " + file + ":" + pos + ". On MySQL 8.3+ "
                + "this is a tagged GTID event (type " + GTID_TAGGED_LOG_EVENT + ", from SET gtid_next='AUTOMATIC:tag' "
                + "or 'uuid:tag:N'), which the connector cannot capture; on MariaDB a compressed event "
                + "(log_bin_compress=ON: set it OFF). Skipping the event could lose changes, so the connector stops";
    }
}
