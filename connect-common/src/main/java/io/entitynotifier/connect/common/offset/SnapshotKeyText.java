package io.entitynotifier.connect.common.offset;

import java.util.ArrayList;
import java.util.List;

/**
 * The primary key of the last row a snapshot chunk delivered, as one string in the offset (Connect offsets hold only
 * primitives): each column's value as text, prefixed with its length ({@code <length>:<text>}) so that no value can be
 * mistaken for a separator. Each connector chooses the text of its values and parses them back by column type.
 */
public final class SnapshotKeyText {

    private SnapshotKeyText() {}

    public static String encode(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            sb.append(v.length()).append(':').append(v);
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException naming the text, when it is not what {@link #encode} writes */
    public static List<String> decode(String encoded) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < encoded.length()) {
            int colon = encoded.indexOf(':', i);
            int len;
            try {
                len = colon < 0 ? -1 : Integer.parseInt(encoded.substring(i, colon));
            } catch (NumberFormatException e) {
                len = -1;
            }
            if (len < 0 || colon + 1 + len > encoded.length()) {
                throw new IllegalArgumentException("malformed snapshot key in the offset: '" + encoded + "'");
            }
            out.add(encoded.substring(colon + 1, colon + 1 + len));
            i = colon + 1 + len;
        }
        return out;
    }
}
