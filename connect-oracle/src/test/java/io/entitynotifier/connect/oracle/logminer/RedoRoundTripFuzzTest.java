package io.entitynotifier.connect.oracle.logminer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.oracle.CapturedColumn;
import io.entitynotifier.connect.oracle.OracleTable;
import io.entitynotifier.connect.oracle.TestTables;

/**
 * Property tests of the redo parser and decoder: random rows rendered the way LogMiner writes them (quoting, NLS
 * masks, HEXTORAW, UNISTR, IS NULL, optional ROWID, varying spacing and case) decode to exactly the values they were
 * made from; every truncation of a statement is rejected with {@link RedoParseException}; random corruption yields
 * either a decoded row or that exception, never another failure.
 */
class RedoRoundTripFuzzTest {

    static final String SPEC = "ID NUMBER(9) PK, N2 NUMBER(2), N4 NUMBER(4), N18 NUMBER(18), D NUMBER(20,4), "
            + "NP NUMBER, BF BINARY_FLOAT, BD BINARY_DOUBLE, S VARCHAR2(4000), NV NVARCHAR2(200), C CHAR(10), "
            + "R RAW(100), DT DATE, TS TIMESTAMP(6), TZ TIMESTAMP(6) WITH TIME ZONE, CL CLOB";
    static final OracleTable TABLE = TestTables.table("FUZZ", "T-1", SPEC);
    static final String[] CHARS = {
        "a", "Z", "0", " ", "'", "''", "\"", ";", "(", ")", ",", "=", "\\", "\n", "\t", "é", "ß", "日", "😀", " and ",
        " where ", "values", "NULL", "||", "--", "/*"
    };
    static final String[] ZONES = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide"};
    static final String[] DATE_MASKS = {
        "YYYY-MM-DD HH24:MI:SS", "DD-MON-YYYY HH24:MI:SS", "MM/DD/YYYY HH:MI:SS AM", "YYYY-MM-DD\"T\"HH24:MI:SS"
    };
    static final String[] TS_MASKS = {
        "YYYY-MM-DD HH24:MI:SS.FF", "DD-MON-YYYY HH.MI.SS.FF6 AM", "YYYY-MM-DD HH24:MI:SS.FF9"
    };

    /** A generated value: how LogMiner would write it, and the Connect value it must decode to. */
    record Cell(String redo, Object expected) {}

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @Test
    void randomRowsRoundTrip() {
        for (int n = 0; n < 3_000; n++) {
            Cell[] before = row();
            Cell[] after = row();
            String kind = switch (random.nextInt(3)) {
                case 0 -> "insert";
                case 1 -> "update";
                default -> "delete";
            };
            boolean[] set = new boolean[before.length];
            String sql = render(kind, before, after, set, random.nextBoolean(), true);
            RowChange change;
            try {
                change = new RedoRowDecoder().decode(new SqlRedoParser().parse(sql), TABLE);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": cannot decode " + sql, e);
            }
            // LOB columns are never in a where clause: unavailable in the old image, and in the new one unless set
            Cell[] oldImage = before.clone();
            for (int i = 0; i < oldImage.length; i++) {
                if (TABLE.columns().get(i).isLob()) {
                    oldImage[i] = new Cell("", TestTables.PLACEHOLDER);
                }
            }
            switch (kind) {
                case "insert" -> check(sql, after, change.after());
                case "delete" -> check(sql, oldImage, change.before());
                default -> {
                    check(sql, oldImage, change.before());
                    Cell[] expectedAfter = oldImage.clone();
                    for (int i = 0; i < set.length; i++) {
                        if (set[i]) {
                            expectedAfter[i] = after[i];
                        }
                    }
                    check(sql, expectedAfter, change.after());
                }
            }
        }
    }

    @Test
    void everyTruncationIsRejected() {
        SqlRedoParser parser = new SqlRedoParser();
        RedoRowDecoder decoder = new RedoRowDecoder();
        int checked = 0;
        for (int n = 0; n < 150; n++) {
            String kind = List.of("insert", "update", "delete").get(n % 3);
            String sql = render(kind, row(), row(), new boolean[TABLE.columns().size()], false, false);
            assertTrue(sql.endsWith(";"));
            for (int cut = 0; cut < sql.length() - 1; cut++) {
                String broken = sql.substring(0, cut);
                try {
                    decoder.decode(parser.parse(broken), TABLE);
                    fail("seed " + seed + ": accepted a truncated statement: " + broken);
                } catch (RedoParseException expected) {
                    checked++;
                }
            }
        }
        assertTrue(checked > 10_000, "only " + checked + " truncations checked");
    }

    @Test
    void corruptionGivesARowOrAClearError() {
        SqlRedoParser parser = new SqlRedoParser();
        RedoRowDecoder decoder = new RedoRowDecoder();
        String junk = "'\"(),;=|-.0123456789eE+ aZ\\";
        int rejected = 0;
        for (int n = 0; n < 20_000; n++) {
            String sql = render(
                    List.of("insert", "update", "delete").get(n % 3),
                    row(),
                    row(),
                    new boolean[TABLE.columns().size()],
                    random.nextBoolean(),
                    true);
            StringBuilder sb = new StringBuilder(sql);
            for (int k = 1 + random.nextInt(3); k > 0 && sb.length() > 0; k--) {
                int at = random.nextInt(sb.length());
                char c = junk.charAt(random.nextInt(junk.length()));
                switch (random.nextInt(3)) {
                    case 0 -> sb.setCharAt(at, c);
                    case 1 -> sb.insert(at, c);
                    default -> sb.deleteCharAt(at);
                }
            }
            try {
                decoder.decode(parser.parse(sb.toString()), TABLE);
            } catch (RedoParseException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                rejected++;
            } catch (RuntimeException | OutOfMemoryError e) {
                throw new AssertionError("seed " + seed + ": " + e + " instead of a RedoParseException for " + sb, e);
            }
        }
        assertTrue(rejected > 5_000, "only " + rejected + " corruptions rejected");
    }

    private void check(String sql, Cell[] expected, Object[] actual) {
        for (int i = 0; i < expected.length; i++) {
            Object e = expected[i].expected();
            Object a = actual[i];
            String what = "seed " + seed + ", column " + TABLE.columns().get(i).name() + " of " + sql;
            if (e instanceof BigDecimal d && a instanceof Struct s) {
                assertEquals(
                        0, d.compareTo(new BigDecimal(new BigInteger(s.getBytes("value")), s.getInt32("scale"))), what);
            } else if (e instanceof byte[] b) {
                assertTrue(a instanceof byte[] ab && Arrays.equals(b, ab), what);
            } else {
                assertEquals(e, a, what);
            }
        }
    }

    // --- rendering as LogMiner does

    private String render(String kind, Cell[] before, Cell[] after, boolean[] set, boolean rowId, boolean anyNumbers) {
        String eq = random.nextBoolean() ? " = " : "=";
        String table = "\"FUZZ\".\"T-1\"";
        StringBuilder sb = new StringBuilder();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
            order.add(i);
        }
        switch (kind) {
            case "insert" -> {
                Collections.shuffle(order, random);
                sb.append(kw("insert into ")).append(table).append(random.nextBoolean() ? "(" : " (");
                for (int k = 0; k < order.size(); k++) {
                    sb.append(k == 0 ? "" : ",")
                            .append('"')
                            .append(TABLE.columns().get(order.get(k)).name())
                            .append('"');
                }
                sb.append(kw(") values ("));
                for (int k = 0; k < order.size(); k++) {
                    sb.append(k == 0 ? "" : ",").append(after[order.get(k)].redo());
                }
                sb.append(')');
            }
            case "update" -> {
                sb.append(kw("update ")).append(table).append(kw(" set "));
                boolean any = false;
                for (int i = 0; i < after.length; i++) {
                    if (random.nextInt(3) == 0 || (!any && i == after.length - 1)) {
                        sb.append(any ? ", " : "")
                                .append('"')
                                .append(TABLE.columns().get(i).name())
                                .append('"')
                                .append(eq)
                                .append(after[i].redo());
                        set[i] = true;
                        any = true;
                    }
                }
                where(sb, before, eq, rowId);
            }
            default -> {
                sb.append(kw("delete from ")).append(table);
                where(sb, before, eq, rowId);
            }
        }
        return sb.append(';').toString();
    }

    private void where(StringBuilder sb, Cell[] row, String eq, boolean rowId) {
        sb.append(kw(" where "));
        boolean first = true;
        for (int i = 0; i < row.length; i++) {
            CapturedColumn c = TABLE.columns().get(i);
            if (c.isLob()) {
                continue; // LogMiner leaves LOB columns out of the where clause
            }
            sb.append(first ? "" : kw(" and ")).append('"').append(c.name()).append('"');
            sb.append(row[i].redo().equals("NULL") ? kw(" IS NULL") : eq + row[i].redo());
            first = false;
        }
        if (rowId) {
            sb.append(kw(" and ROWID = 'AAAR3sAAEAAAACXAAA'"));
        }
    }

    private String kw(String s) {
        return random.nextBoolean() ? s : s.toUpperCase(Locale.ROOT);
    }

    private Cell[] row() {
        Cell[] row = new Cell[TABLE.columns().size()];
        for (int i = 0; i < row.length; i++) {
            CapturedColumn c = TABLE.columns().get(i);
            if (c.schema().isOptional() && random.nextInt(8) == 0) {
                row[i] = new Cell("NULL", null);
            } else if (c.isLob() && random.nextInt(4) == 0) {
                row[i] = new Cell("EMPTY_CLOB()", TestTables.PLACEHOLDER);
            } else {
                row[i] = value(c);
            }
        }
        return row;
    }

    private Cell value(CapturedColumn c) {
        switch (c.name()) {
            case "ID" -> {
                long v = random.nextInt(1_000_000_000);
                return new Cell(number(Long.toString(v)), (int) v);
            }
            case "N2" -> {
                long v = random.nextInt(199) - 99;
                return new Cell(number(Long.toString(v)), (byte) v);
            }
            case "N4" -> {
                long v = random.nextInt(19_999) - 9_999;
                return new Cell(number(Long.toString(v)), (short) v);
            }
            case "N18" -> {
                long v = random.nextLong() % 1_000_000_000_000_000_000L;
                return new Cell(number(Long.toString(v)), v);
            }
            case "D" -> {
                BigDecimal v = new BigDecimal(new BigInteger(52, random), random.nextInt(5));
                v = random.nextBoolean() ? v.negate() : v;
                // Oracle prints no trailing zeros and no leading zero before the point
                String text = v.signum() == 0
                        ? "0"
                        : v.stripTrailingZeros().toPlainString().replaceFirst("^(-?)0\\.", "$1.");
                return new Cell(number(text), v.setScale(4));
            }
            case "NP" -> {
                BigDecimal v = new BigDecimal(new BigInteger(60, random), random.nextInt(20) - 5);
                String text = random.nextBoolean() ? v.toString() : v.toPlainString();
                return new Cell(number(text), v);
            }
            case "BF" -> {
                float v = switch (random.nextInt(10)) {
                    case 0 -> Float.POSITIVE_INFINITY;
                    case 1 -> Float.NaN;
                    default -> Float.intBitsToFloat(random.nextInt());
                };
                if (Float.isNaN(v)) {
                    return new Cell("'Nan'", Float.NaN);
                }
                return new Cell("'" + (Float.isInfinite(v) ? "Inf" : Float.toString(v)) + "'", v);
            }
            case "BD" -> {
                double v =
                        random.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : Double.longBitsToDouble(random.nextLong());
                if (Double.isNaN(v)) {
                    return new Cell("'Nan'", Double.NaN);
                }
                return new Cell("'" + (Double.isInfinite(v) ? "-Inf" : Double.toString(v)) + "'", v);
            }
            case "S", "CL" -> {
                String s = text(1 + random.nextInt(30));
                return new Cell(quote(s), s);
            }
            case "NV" -> {
                String s = text(1 + random.nextInt(20));
                if (random.nextBoolean()) {
                    StringBuilder u = new StringBuilder("UNISTR('");
                    for (char ch : s.toCharArray()) {
                        u.append(ch == '\\' ? "\\\\" : String.format("\\%04x", (int) ch));
                    }
                    return new Cell(u.append("')").toString(), s);
                }
                return new Cell(quote(s), s);
            }
            case "C" -> {
                String s = text(1 + random.nextInt(3));
                s = s.length() > 10 ? s.substring(0, 10) : s + " ".repeat(10 - s.length());
                return new Cell(quote(s), s);
            }
            case "R" -> {
                byte[] b = new byte[random.nextInt(16)];
                random.nextBytes(b);
                String hex = HexFormat.of().formatHex(b);
                return new Cell("HEXTORAW('" + (random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT)) + "')", b);
            }
            case "DT" -> {
                LocalDateTime t = dateTime().truncatedTo(ChronoUnit.SECONDS);
                String mask = DATE_MASKS[random.nextInt(DATE_MASKS.length)];
                // io.debezium.time.Timestamp: epoch milliseconds of the local date-time
                return new Cell(
                        "TO_DATE('" + format(t, mask) + "', '" + mask + "')",
                        t.toInstant(ZoneOffset.UTC).toEpochMilli());
            }
            case "TS" -> {
                LocalDateTime t = dateTime().truncatedTo(ChronoUnit.MICROS);
                // TIMESTAMP(6): io.debezium.time.MicroTimestamp, epoch microseconds
                Long expected = ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant(ZoneOffset.UTC));
                if (random.nextInt(3) == 0) {
                    // LogMiner's usual form: no mask, the session's NLS_TIMESTAMP_FORMAT
                    return new Cell("TO_TIMESTAMP('" + format(t, "YYYY-MM-DD HH24:MI:SS.FF9") + "')", expected);
                }
                String mask = TS_MASKS[random.nextInt(TS_MASKS.length)];
                return new Cell("TO_TIMESTAMP('" + format(t, mask) + "', '" + mask + "')", expected);
            }
            case "TZ" -> {
                LocalDateTime t = dateTime().truncatedTo(ChronoUnit.MICROS);
                if (random.nextBoolean()) {
                    ZonedDateTime z = ZonedDateTime.of(t, ZoneId.of(ZONES[random.nextInt(ZONES.length)]));
                    return new Cell(
                            "TO_TIMESTAMP_TZ('" + format(t, "YYYY-MM-DD HH24:MI:SS.FF") + " "
                                    + z.getZone().getId() + "', 'YYYY-MM-DD HH24:MI:SS.FF TZR')",
                            z.format(ZONED_6));
                }
                ZoneOffset off = ZoneOffset.ofTotalSeconds((random.nextInt(105) - 48) * 900);
                String o = off.getId().equals("Z") ? "+00:00" : off.getId();
                boolean sessionFormat = random.nextBoolean();
                return new Cell(
                        "TO_TIMESTAMP_TZ('" + format(t, "YYYY-MM-DD HH24:MI:SS.FF") + " " + o
                                + (sessionFormat ? "')" : "', 'YYYY-MM-DD HH24:MI:SS.FF TZH:TZM')"),
                        t.atOffset(off).format(ZONED_6));
            }
            default -> throw new IllegalStateException(c.name());
        }
    }

    /** Debezium's ZonedTimestamp text for TIMESTAMP(6) WITH TIME ZONE: always six fraction digits, Z for UTC. */
    private static final DateTimeFormatter ZONED_6 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXXXX", Locale.ROOT);

    private String number(String text) {
        return random.nextInt(4) == 0 && !text.startsWith(".") ? text : "'" + text + "'";
    }

    private LocalDateTime dateTime() {
        long seconds = (long) (random.nextDouble() * 7_000_000_000L) - 2_200_000_000L; // ~1900 to ~2150
        return LocalDateTime.ofEpochSecond(seconds, random.nextInt(1_000_000_000), ZoneOffset.UTC);
    }

    private static String format(LocalDateTime t, String mask) {
        DateTimeFormatter f = switch (mask) {
            case "YYYY-MM-DD HH24:MI:SS" -> DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
            case "YYYY-MM-DD\"T\"HH24:MI:SS" -> DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
            case "DD-MON-YYYY HH24:MI:SS" ->
                new DateTimeFormatterBuilder()
                        .parseCaseInsensitive()
                        .appendPattern("dd-MMM-uuuu HH:mm:ss")
                        .toFormatter(Locale.ENGLISH);
            case "MM/DD/YYYY HH:MI:SS AM" -> DateTimeFormatter.ofPattern("MM/dd/uuuu hh:mm:ss a", Locale.ENGLISH);
            case "YYYY-MM-DD HH24:MI:SS.FF" -> DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
            case "DD-MON-YYYY HH.MI.SS.FF6 AM" ->
                DateTimeFormatter.ofPattern("dd-MMM-uuuu hh.mm.ss.SSSSSS a", Locale.ENGLISH);
            case "YYYY-MM-DD HH24:MI:SS.FF9" -> DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS");
            default -> throw new IllegalArgumentException(mask);
        };
        return t.format(f).toUpperCase(Locale.ROOT);
    }

    private String text(int parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            sb.append(CHARS[random.nextInt(CHARS.length)]);
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Test
    void placeholderBytesAreUtf8() {
        assertEquals(
                TestTables.PLACEHOLDER,
                new String(
                        (byte[]) TABLE.columns()
                                .get(0)
                                .unavailableValue()
                                .toString()
                                .getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8));
    }
}
