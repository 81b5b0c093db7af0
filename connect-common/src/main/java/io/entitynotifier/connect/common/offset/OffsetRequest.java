package io.entitynotifier.connect.common.offset;

import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Checks of an offsets change requested through Connect's REST API ({@code PATCH /connectors/X/offsets}, KIP-875),
 * shared by every connector's {@code SourceConnector#alterOffsets}. A refused request fails with the worker's
 * {@code BadRequestException} (HTTP 400) when the worker provides it, else with a {@link ConnectException} (HTTP 500),
 * always with a message naming the partition or the field. Messages name fields and their expected types, never the
 * values of a row (a snapshot key in an offset holds row values).
 */
public final class OffsetRequest {

    /** The one source partition every connector here writes: {@code {"server": <topic.prefix>}}. */
    public static final String SERVER = "server";

    private static final String BAD_REQUEST = "org.apache.kafka.connect.runtime.rest.errors.BadRequestException";

    private OffsetRequest() {}

    /** Validates one offset; throws {@link IllegalArgumentException} naming the field on a malformed one. */
    @FunctionalInterface
    public interface OffsetCheck {
        void check(Map<String, ?> offset);
    }

    /**
     * Refuses any partition other than {@code {"server": topicPrefix}}; for that one, a null offset (reset) is
     * accepted, any other offset must pass {@code check}. Returns true as {@code alterOffsets} must.
     */
    public static boolean check(
            String connector, String topicPrefix, Map<Map<String, ?>, Map<String, ?>> offsets, OffsetCheck check) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            Map<String, ?> partition = e.getKey();
            if (partition == null || partition.size() != 1 || !topicPrefix.equals(partition.get(SERVER))) {
                throw badRequest(connector + ": source partition " + partition + " is not this connector's; its only "
                        + "partition is {\"" + SERVER + "\": \"" + topicPrefix + "\"} (topic.prefix)");
            }
            if (e.getValue() == null) {
                continue; // a reset of the partition: the connector starts afresh
            }
            try {
                check.check(e.getValue());
            } catch (IllegalArgumentException | ClassCastException ex) {
                throw badRequest(connector + ": offset for partition " + partition + " refused: " + ex.getMessage());
            }
        }
        return true;
    }

    /** The worker's HTTP 400 exception when it is on the class path (it always is in a worker), else a plain one. */
    public static RuntimeException badRequest(String message) {
        try {
            Class<?> c = Class.forName(BAD_REQUEST, true, OffsetRequest.class.getClassLoader());
            return (RuntimeException) c.getConstructor(String.class).newInstance(message);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return new ConnectException(message);
        }
    }

    /** A required whole number of at least {@code min}. */
    public static long requiredLong(Map<String, ?> offset, String field, long min) {
        if (offset.get(field) == null) {
            throw new IllegalArgumentException("field '" + field + "' is required (a whole number)");
        }
        Long v = optionalLong(offset, field);
        if (v < min) {
            throw new IllegalArgumentException("field '" + field + "' must be at least " + min + ", not " + v);
        }
        return v;
    }

    /** A whole number or null. */
    public static Long optionalLong(Map<String, ?> offset, String field) {
        Object v = offset.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException("field '" + field + "' must be a whole number, not a "
                + v.getClass().getSimpleName());
    }

    /** A text or null. */
    public static String optionalString(Map<String, ?> offset, String field) {
        Object v = offset.get(field);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("field '" + field + "' must be a string, not a "
                    + v.getClass().getSimpleName());
        }
        return (String) v;
    }

    /** A required text. */
    public static String requiredString(Map<String, ?> offset, String field) {
        String v = optionalString(offset, field);
        if (v == null) {
            throw new IllegalArgumentException("field '" + field + "' is required (a string)");
        }
        return v;
    }

    /** A boolean or null. */
    public static Boolean optionalBoolean(Map<String, ?> offset, String field) {
        Object v = offset.get(field);
        if (v != null && !(v instanceof Boolean)) {
            throw new IllegalArgumentException("field '" + field + "' must be true or false, not a "
                    + v.getClass().getSimpleName());
        }
        return (Boolean) v;
    }

    /** Refuses fields outside {@code known}, which would be silently ignored. */
    public static void onlyFields(Map<String, ?> offset, java.util.Collection<String> known) {
        for (String k : offset.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown field '" + k + "'; the fields are " + known);
            }
        }
    }
}
