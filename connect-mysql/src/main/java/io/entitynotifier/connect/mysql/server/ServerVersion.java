package io.entitynotifier.connect.mysql.server;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numeric part of the server's {@code version} variable ({@code 8.0.33}, {@code 8.4.3-log}, {@code 9.1.0},
 * {@code 10.11.19-MariaDB-0+deb12u1}, {@code 5.5.5-10.11.6-MariaDB}) and its flavour. An unreadable version is 0.0.0:
 * the statement choice then starts with the newest grammar and falls back on what the server accepts.
 */
public record ServerVersion(boolean mariaDb, int major, int minor, int patch) {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    public static ServerVersion parse(String version) {
        String v = version == null ? "" : version.trim();
        boolean maria = v.toLowerCase(Locale.ROOT).contains("mariadb");
        if (maria && v.startsWith("5.5.5-")) {
            v = v.substring("5.5.5-".length()); // the replication-compatibility prefix of old MariaDB handshakes
        }
        Matcher m = NUMBERS.matcher(v);
        if (!m.lookingAt()) {
            return new ServerVersion(maria, 0, 0, 0);
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new ServerVersion(maria, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
    }

    /** True when this version is {@code major.minor.patch} or newer. */
    public boolean atLeast(int major, int minor, int patch) {
        if (this.major != major) {
            return this.major > major;
        }
        if (this.minor != minor) {
            return this.minor > minor;
        }
        return this.patch >= patch;
    }

    public boolean known() {
        return major > 0;
    }

    @Override
    public String toString() {
        return (mariaDb ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }
}
