package io.entitynotifier.connect.mysql.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * A primary-key value in the snapshot offset. Connect offsets hold only primitives, so the key's columns (their SQL
 * text, or hex for binary columns) are joined into one string, each prefixed with its length so that no value can
 * be mistaken for a separator.
 */
final class SnapshotKey {

    private SnapshotKey() {
    }

    static String encode(List<String> parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append(p.length()).append(':').append(p);
        }
        return sb.toString();
    }

    static List<String> decode(String encoded) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < encoded.length()) {
            int colon = encoded.indexOf(':', i);
            if (colon < 0) {
                throw new IllegalArgumentException("malformed snapshot key in the offset: " + encoded);
            }
            int len = Integer.parseInt(encoded.substring(i, colon));
            out.add(encoded.substring(colon + 1, colon + 1 + len));
            i = colon + 1 + len;
        }
        return out;
    }
}
