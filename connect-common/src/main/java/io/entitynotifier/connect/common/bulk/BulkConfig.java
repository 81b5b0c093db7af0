package io.entitynotifier.connect.common.bulk;

import java.util.Locale;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Bulk-operation keys shared by every connector. */
public final class BulkConfig {

    public static final String GROUP = "Bulk operations";

    public static final String THRESHOLD_CONFIG = "bulk.threshold";
    private static final String THRESHOLD_DOC = "A bulk operation is one source transaction changing at least this "
            + "many rows of one table with one operation (insert, update or delete). 0 disables detection.";

    public static final String MODE_CONFIG = "bulk.mode";
    private static final String MODE_DOC = "What to do with a bulk operation: 'tag' delivers every row with the "
            + "header 'cdc.bulk' holding the operation's row count; 'summarize' delivers, in place of its rows, one "
            + "summary event to <topic.prefix>.bulk (table, operation, row count, duration, up to 10 sample keys); "
            + "'skip' DROPS those rows and delivers nothing for them (only the metric counts them): choose it only "
            + "when consumers must never see such operations.";

    /** {@code bulk.mode} values. */
    public enum Mode {
        TAG,
        SUMMARIZE,
        SKIP;

        public static Mode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    private BulkConfig() {}

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(
                THRESHOLD_CONFIG,
                Type.INT,
                10_000,
                ConfigDef.Range.atLeast(0),
                Importance.MEDIUM,
                THRESHOLD_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Bulk threshold");
        def.define(
                MODE_CONFIG,
                Type.STRING,
                "tag",
                ConfigDef.CaseInsensitiveValidString.in("tag", "summarize", "skip"),
                Importance.MEDIUM,
                MODE_DOC,
                GROUP,
                ++order,
                Width.SHORT,
                "Bulk mode");
    }

    public static int threshold(AbstractConfig c) {
        return c.getInt(THRESHOLD_CONFIG);
    }

    public static Mode mode(AbstractConfig c) {
        return Mode.parse(c.getString(MODE_CONFIG));
    }
}
