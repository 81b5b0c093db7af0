package io.entitynotifier.connect.common.event;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code skipped.operations}: the streaming operations a connector does not emit ('c', 'u', 'd', 't', or 'none'),
 * default 't' as Debezium. Readers ask {@link #skips} before a change becomes a record, so a skipped change never
 * takes the place of the last record of its source transaction.
 */
public final class SkippedOperations {

    public static final SkippedOperations NONE = new SkippedOperations(EnumSet.noneOf(Operation.class));

    private final Set<Operation> skipped;

    private SkippedOperations(Set<Operation> skipped) {
        this.skipped = skipped;
    }

    public static SkippedOperations parse(List<String> values) {
        EnumSet<Operation> ops = EnumSet.noneOf(Operation.class);
        boolean none = false;
        for (String v : values) {
            switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "c" -> ops.add(Operation.CREATE);
                case "u" -> ops.add(Operation.UPDATE);
                case "d" -> ops.add(Operation.DELETE);
                case "t" -> ops.add(Operation.TRUNCATE);
                case "none" -> none = true;
                case "" -> {}
                default ->
                    throw new IllegalArgumentException(
                            "unknown operation '" + v.trim() + "'; allowed: c, u, d, t or none");
            }
        }
        if (none && !ops.isEmpty()) {
            throw new IllegalArgumentException("'none' cannot be combined with other operations");
        }
        return new SkippedOperations(ops);
    }

    public boolean skips(Operation op) {
        return skipped.contains(op);
    }

    public Set<Operation> operations() {
        return Set.copyOf(skipped);
    }
}
