package io.entitynotifier.connect.mysql.schema;

import java.util.Arrays;

/**
 * MariaDB UUID column values in the binlog: the UUID's 16 bytes in text order, less the trailing 0x00 bytes the binlog
 * leaves out of every fixed-length binary value.
 */
final class MariaDbUuids {

    private MariaDbUuids() {}

    /** The UUID's text form. */
    static String fromBinlog(byte[] value) {
        if (value.length > 16) {
            throw new IllegalArgumentException("a UUID has 16 bytes, not " + value.length);
        }
        byte[] b = value.length == 16 ? value : Arrays.copyOf(value, 16);
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return sb.toString();
    }
}
