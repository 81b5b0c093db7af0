package io.entitynotifier.connect.common.throttle;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cluster-wide throttle group member publishes on the coordination topic, as a small JSON object:
 * {@code {"weight":8,"busy":true,"ts":1765100000000,"worker":"1234@host","instance":"<uuid>"}}, keyed
 * {@code <group>/<member>} (both URL-encoded, so a {@code /} in a name cannot make two keys meet). {@code ts} is the
 * publisher's clock in epoch milliseconds; {@code instance} tells two tasks of one connector (or a restarted task)
 * apart. A null value (a tombstone) means the member left.
 */
record MemberState(int weight, boolean busy, long ts, String worker, String instance) {

    private static final Pattern WEIGHT = Pattern.compile("\"weight\"\\s*:\\s*(\\d{1,9})");
    private static final Pattern BUSY = Pattern.compile("\"busy\"\\s*:\\s*(true|false)");
    private static final Pattern TS = Pattern.compile("\"ts\"\\s*:\\s*(\\d{1,18})");
    private static final Pattern INSTANCE = Pattern.compile("\"instance\"\\s*:\\s*\"([0-9A-Za-z-]{1,64})\"");

    static String key(String group, String member) {
        return URLEncoder.encode(group, StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(member, StandardCharsets.UTF_8);
    }

    /** {group, member}, or null for a key that is not a member's. */
    static String[] parseKey(String key) {
        if (key == null) {
            return null;
        }
        int slash = key.indexOf('/');
        if (slash < 0 || key.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        try {
            return new String[] {
                URLDecoder.decode(key.substring(0, slash), StandardCharsets.UTF_8),
                URLDecoder.decode(key.substring(slash + 1), StandardCharsets.UTF_8)
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String toJson() {
        return "{\"weight\":" + weight + ",\"busy\":" + busy + ",\"ts\":" + ts + ",\"worker\":\"" + plain(worker)
                + "\",\"instance\":\"" + instance + "\"}";
    }

    /** The state in {@code json}, or null when it is not one (a foreign record on the topic is ignored). */
    static MemberState parse(String json) {
        Matcher w = WEIGHT.matcher(json);
        Matcher b = BUSY.matcher(json);
        Matcher t = TS.matcher(json);
        Matcher i = INSTANCE.matcher(json);
        if (!w.find() || !b.find() || !t.find() || !i.find()) {
            return null;
        }
        return new MemberState(
                Integer.parseInt(w.group(1)),
                Boolean.parseBoolean(b.group(1)),
                Long.parseLong(t.group(1)),
                "",
                i.group(1));
    }

    /** The worker name without characters that would need escaping in JSON. */
    private static String plain(String s) {
        return s.replaceAll("[^A-Za-z0-9@._:-]", "_");
    }
}
