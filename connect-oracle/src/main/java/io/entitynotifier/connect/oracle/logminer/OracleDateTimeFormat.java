package io.entitynotifier.connect.oracle.logminer;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Reads the text of {@code TO_DATE}, {@code TO_TIMESTAMP} and {@code TO_TIMESTAMP_TZ} with the format mask LogMiner
 * wrote next to it (the session's NLS formats, so it differs between databases). Supports the elements such masks use:
 * {@code YYYY RRRR YY RR MM MON MONTH DD HH24 HH12 HH MI SS FF FF1..FF9 AM PM A.M. P.M. TZH TZM TZR}, the separators
 * {@code - / , . : ;} and space, and {@code "quoted"} literals. Anything else is an error naming the element.
 */
public final class OracleDateTimeFormat {

    /**
     * The session formats the connector sets ({@code ALTER SESSION SET NLS_...}). LogMiner writes {@code TO_TIMESTAMP}
     * and {@code TO_TIMESTAMP_TZ} (and sometimes {@code TO_DATE}) with the text alone, in these formats.
     */
    public static final String SESSION_DATE_FORMAT = "YYYY-MM-DD HH24:MI:SS";

    public static final String SESSION_TIMESTAMP_FORMAT = "YYYY-MM-DD HH24:MI:SS.FF9";
    public static final String SESSION_TIMESTAMP_TZ_FORMAT = "YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM";

    private static final String[] MONTHS = {
        "JANUARY",
        "FEBRUARY",
        "MARCH",
        "APRIL",
        "MAY",
        "JUNE",
        "JULY",
        "AUGUST",
        "SEPTEMBER",
        "OCTOBER",
        "NOVEMBER",
        "DECEMBER"
    };

    private OracleDateTimeFormat() {}

    /** A date-time without zone: zone elements in the mask are an error. */
    public static LocalDateTime parseLocal(String text, String mask) {
        Fields f = parse(text, mask);
        if (f.offset != null || f.zone != null) {
            throw new RedoParseException("a date-time value carries a time zone but the column has none");
        }
        return f.local(text);
    }

    /** A date-time with its zone or offset; a mask without zone elements is an error. */
    public static ZonedDateTime parseZoned(String text, String mask) {
        Fields f = parse(text, mask);
        LocalDateTime local = f.local(text);
        if (f.zone != null) {
            return ZonedDateTime.of(local, f.zone);
        }
        if (f.offset != null) {
            return OffsetDateTime.of(local, f.offset).toZonedDateTime();
        }
        throw new RedoParseException("a date-time value has no time zone (mask '" + mask + "')");
    }

    private static final class Fields {
        int year = -1;
        int month = 1;
        int day = 1;
        int hour;
        int minute;
        int second;
        int nanos;
        Boolean pm;
        boolean twelveHour;
        int tzHour = Integer.MIN_VALUE;
        boolean tzNegative;
        int tzMinute;
        ZoneOffset offset;
        ZoneId zone;

        LocalDateTime local(String text) {
            if (year < 0) {
                throw new RedoParseException("a date-time value has no year");
            }
            int h = hour;
            if (twelveHour || pm != null) {
                if (h < 1 || h > 12) {
                    throw new RedoParseException("hour " + h + " out of range 1-12 in '" + text + "'");
                }
                h = h % 12 + (Boolean.TRUE.equals(pm) ? 12 : 0);
            }
            try {
                return LocalDateTime.of(year, month, day, h, minute, second, nanos);
            } catch (DateTimeException e) {
                throw new RedoParseException("not a valid date-time: '" + text + "': " + e.getMessage(), e);
            }
        }
    }

    private static Fields parse(String text, String mask) {
        Fields f = new Fields();
        int t = 0;
        int m = 0;
        String um = mask.toUpperCase(Locale.ROOT);
        while (m < um.length()) {
            char c = um.charAt(m);
            if (c == '"') {
                int end = um.indexOf('"', m + 1);
                if (end < 0) {
                    throw new RedoParseException("unterminated literal in format mask '" + mask + "'");
                }
                String lit = mask.substring(m + 1, end);
                if (!text.startsWith(lit, t)) {
                    throw mismatch(text, mask, t);
                }
                t += lit.length();
                m = end + 1;
                continue;
            }
            if (" -/,.:;".indexOf(c) >= 0) {
                // Oracle matches separators loosely: any run of punctuation or space in the text.
                m++;
                if (t < text.length() && !Character.isLetterOrDigit(text.charAt(t))) {
                    t++;
                } else if (c != ' ') {
                    throw mismatch(text, mask, t);
                }
                continue;
            }
            String element = element(um, m);
            m += element.length();
            int[] r;
            switch (element) {
                case "YYYY", "RRRR" -> {
                    r = digits(text, t, 4, 4, mask);
                    f.year = r[0];
                }
                case "YY", "RR" -> {
                    r = digits(text, t, 2, 2, mask);
                    f.year = element.equals("RR") && r[0] >= 50 ? 1900 + r[0] : 2000 + r[0];
                }
                case "MM" -> {
                    r = digits(text, t, 1, 2, mask);
                    f.month = r[0];
                }
                case "MONTH", "MON" -> {
                    r = monthName(text, t, mask);
                    f.month = r[0];
                }
                case "DD" -> {
                    r = digits(text, t, 1, 2, mask);
                    f.day = r[0];
                }
                case "HH24" -> {
                    r = digits(text, t, 1, 2, mask);
                    f.hour = r[0];
                }
                case "HH12", "HH" -> {
                    r = digits(text, t, 1, 2, mask);
                    f.hour = r[0];
                    f.twelveHour = true;
                }
                case "MI" -> {
                    r = digits(text, t, 1, 2, mask);
                    f.minute = r[0];
                }
                case "SS" -> {
                    r = digits(text, t, 1, 2, mask);
                    f.second = r[0];
                }
                case "FF", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FF7", "FF8", "FF9" -> {
                    r = digits(text, t, 0, 9, mask);
                    int len = r[1] - t;
                    f.nanos = len == 0 ? 0 : r[0] * (int) Math.pow(10, 9 - len);
                }
                case "AM", "PM", "A.M.", "P.M." -> {
                    r = meridian(text, t, mask);
                    f.pm = r[0] == 1;
                }
                case "TZH" -> {
                    f.tzNegative = t < text.length() && text.charAt(t) == '-';
                    r = signedHours(text, t, mask);
                    f.tzHour = r[0];
                    f.offset = offset(f, text);
                }
                case "TZM" -> {
                    r = digits(text, t, 2, 2, mask);
                    f.tzMinute = r[0];
                    f.offset = offset(f, text);
                }
                case "TZR" -> {
                    r = region(text, t, f);
                }
                default ->
                    throw new RedoParseException("unsupported element '" + element + "' in format mask '" + mask + "'");
            }
            t = r[1];
        }
        if (t != text.length()) {
            throw mismatch(text, mask, t);
        }
        return f;
    }

    private static final String[] ELEMENTS = {
        "YYYY", "RRRR", "MONTH", "MON", "MM", "DD", "HH24", "HH12", "HH", "MI", "SS", "FF1", "FF2", "FF3", "FF4", "FF5",
        "FF6", "FF7", "FF8", "FF9", "FF", "A.M.", "P.M.", "AM", "PM", "TZH", "TZM", "TZR", "YY", "RR"
    };

    private static String element(String um, int at) {
        for (String e : ELEMENTS) {
            if (um.startsWith(e, at)) {
                return e;
            }
        }
        int end = at;
        while (end < um.length() && Character.isLetterOrDigit(um.charAt(end))) {
            end++;
        }
        return um.substring(at, Math.max(end, at + 1));
    }

    private static ZoneOffset offset(Fields f, String text) {
        if (f.tzHour == Integer.MIN_VALUE) {
            return null;
        }
        int sign = f.tzNegative ? -1 : 1;
        try {
            return ZoneOffset.ofHoursMinutes(f.tzHour, sign * f.tzMinute);
        } catch (DateTimeException e) {
            throw new RedoParseException("time zone offset out of range in '" + text + "'", e);
        }
    }

    /** {@code [value, next position]}. */
    private static int[] digits(String text, int t, int min, int max, String mask) {
        int end = t;
        while (end < text.length() && end - t < max && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end - t < min) {
            throw mismatch(text, mask, t);
        }
        return new int[] {end == t ? 0 : Integer.parseInt(text.substring(t, end)), end};
    }

    private static int[] signedHours(String text, int t, String mask) {
        int sign = 1;
        if (t < text.length() && (text.charAt(t) == '+' || text.charAt(t) == '-')) {
            sign = text.charAt(t) == '-' ? -1 : 1;
            t++;
        }
        int[] r = digits(text, t, 1, 2, mask);
        return new int[] {sign * r[0], r[1]};
    }

    private static int[] monthName(String text, int t, String mask) {
        String rest = text.substring(t).toUpperCase(Locale.ROOT);
        for (int i = 0; i < 12; i++) {
            if (rest.startsWith(MONTHS[i])) {
                return new int[] {i + 1, t + MONTHS[i].length()};
            }
        }
        for (int i = 0; i < 12; i++) {
            if (rest.startsWith(MONTHS[i].substring(0, 3))) {
                return new int[] {i + 1, t + 3};
            }
        }
        throw mismatch(text, mask, t);
    }

    private static int[] meridian(String text, int t, String mask) {
        String rest = text.substring(t).toUpperCase(Locale.ROOT);
        for (String[] p : new String[][] {{"A.M.", "0"}, {"P.M.", "1"}, {"AM", "0"}, {"PM", "1"}}) {
            if (rest.startsWith(p[0])) {
                return new int[] {Integer.parseInt(p[1]), t + p[0].length()};
            }
        }
        throw mismatch(text, mask, t);
    }

    private static int[] region(String text, int t, Fields f) {
        int end = t;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String id = text.substring(t, end);
        try {
            if (id.startsWith("+") || id.startsWith("-")) {
                f.offset = ZoneOffset.of(id);
            } else {
                f.zone = ZoneId.of(id);
            }
        } catch (DateTimeException e) {
            throw new RedoParseException("unknown time zone region '" + id + "' in '" + text + "'", e);
        }
        return new int[] {0, end};
    }

    private static RedoParseException mismatch(String text, String mask, int at) {
        return new RedoParseException("a date-time value (" + text.length() + " characters) does not match format '"
                + mask + "' at character " + (at + 1));
    }
}
