package io.entitynotifier.connect.mysql.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.entitynotifier.connect.common.schema.TableId;

/**
 * Column DEFAULTs as Debezium's MySQL connector puts them into the field schemas (Connect schema default values), and
 * the FLOAT(M,D) declarations a binlog table map does not carry. Debezium takes a default from the table's DDL: a
 * literal as written, {@code CURRENT_TIMESTAMP}/{@code NOW()} as {@code 1970-01-01 00:00:00}, an expression default
 * ({@code DEFAULT (expr)}) as none, and converts it with the column's value converter; a zero date becomes null for
 * a nullable column and the epoch for a NOT NULL one. Here the literal comes from information_schema.COLUMNS
 * (MariaDB quotes string literals there and writes {@code NULL} for DEFAULT NULL; MySQL does neither and marks
 * expressions with DEFAULT_GENERATED).
 */
public final class ColumnDefaults {

    /**
     * What information_schema says of a column beyond the table map.
     *
     * @param uuid a MariaDB UUID column, which its table map shows as BINARY(16)
     */
    public record Catalog(String defaultValue, int floatPrecision, int floatScale, boolean uuid) {

        public Catalog(String defaultValue, int floatPrecision, int floatScale) {
            this(defaultValue, floatPrecision, floatScale, false);
        }
    }

    private static final Pattern NOW = Pattern.compile(
            "(current_timestamp|now|localtime|localtimestamp)(\\s*\\(\\s*\\d*\\s*\\))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BITS = Pattern.compile("[bB]'([01]*)'");
    private static final Pattern ZERO_DATE = Pattern.compile("\\d{4}-\\d{2}-00|\\d{4}-00-\\d{2}|0000-\\d{2}-\\d{2}");
    private static final Pattern ZERO_DATETIME =
            Pattern.compile("(\\d{4}-\\d{2}-00|\\d{4}-00-\\d{2}|0000-\\d{2}-\\d{2}) (00:00:00(\\.\\d{1,6})?)");
    private static final String EPOCH_DATETIME = "1970-01-01 00:00:00";

    private ColumnDefaults() {}

    /**
     * Debezium's default expression for a column from information_schema.COLUMNS: null when the column has no
     * default, DEFAULT NULL or an expression default.
     */
    static String expression(String columnDefault, String extra, boolean mariaDb) {
        if (columnDefault == null) {
            return null;
        }
        String d = columnDefault.trim();
        if (NOW.matcher(d).matches()) {
            return EPOCH_DATETIME;
        }
        var bits = BITS.matcher(d);
        if (bits.matches()) {
            return bits.group(1);
        }
        if (mariaDb) {
            if (d.equalsIgnoreCase("NULL")) {
                return null;
            }
            if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) {
                return d.substring(1, d.length() - 1).replace("''", "'");
            }
            return isNumber(d) ? d : null; // an expression
        }
        if (extra != null && extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED")) {
            return null; // an expression default, which Debezium reports as none
        }
        return columnDefault;
    }

    private static boolean isNumber(String s) {
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The catalog entries of every column of {@code id}, by column name. */
    public static Map<String, Catalog> read(Connection c, TableId id) throws SQLException {
        boolean mariaDb = c.getMetaData()
                .getDatabaseProductVersion()
                .toLowerCase(Locale.ROOT)
                .contains("mariadb");
        Map<String, Catalog> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_DEFAULT, EXTRA, DATA_TYPE, "
                + "COLUMN_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, id.catalog());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), catalog(rs, mariaDb));
                }
            }
        }
        return out;
    }

    /** One row of {@link #read}'s query (or of a query with the same columns 2-7 at positions 2-7). */
    static Catalog catalog(ResultSet rs, boolean mariaDb) throws SQLException {
        String expression = expression(rs.getString(2), rs.getString(3), mariaDb);
        boolean scaledFloat =
                "float".equalsIgnoreCase(rs.getString(4)) && rs.getString(5).contains("(") && rs.getObject(7) != null;
        return new Catalog(
                expression,
                scaledFloat ? rs.getInt(6) : 0,
                scaledFloat ? rs.getInt(7) : 0,
                "uuid".equalsIgnoreCase(rs.getString(4)));
    }

    /**
     * The Connect default of {@code c} (its {@link MySqlColumn#defaultValue()} converted as its values are), or null
     * when it has none or the literal cannot be converted (Debezium logs and drops such a default too).
     */
    static Object value(TypeMapper types, MySqlColumn c) {
        String v = c.defaultValue();
        if (v == null) {
            return null;
        }
        try {
            return convert(types, c, v);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Object convert(TypeMapper types, MySqlColumn c, String raw) {
        MySqlType t = c.type();
        String v = switch (t) {
            case STRING, ENUM, SET, BINARY, VARBINARY, JSON, GEOMETRY, POINT, UUID -> raw;
            default -> raw.trim();
        };
        if ((v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) && numeric(t)) {
            v = v.equalsIgnoreCase("true") ? "1" : "0";
        }
        TemporalValues temporal = types.temporalValues();
        return switch (t) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> types.integer(c, new BigDecimal(v).toBigInteger());
            case DECIMAL -> types.decimal(new BigDecimal(v).setScale(c.scale(), RoundingMode.HALF_UP), c.scale());
            case FLOAT -> c.scaledFloat() ? (Object) Double.parseDouble(v) : (Object) (float) Double.parseDouble(v);
            case DOUBLE -> Double.parseDouble(v);
            case BIT -> bits(c, v);
            case DATE -> {
                boolean zero = ZERO_DATE.matcher(v).matches()
                        || ZERO_DATETIME.matcher(v).matches()
                        || v.equals("0");
                if (zero && c.nullable()) {
                    yield null;
                }
                LocalDate d = zero ? LocalDate.EPOCH : LocalDate.parse(v.length() > 10 ? v.substring(0, 10) : v);
                yield temporal.date(d);
            }
            case DATETIME -> {
                boolean zero = ZERO_DATETIME.matcher(v).matches() || v.equals("0");
                if (zero && c.nullable()) {
                    yield null;
                }
                LocalDateTime dt = TemporalValues.parseDatetime(zero ? EPOCH_DATETIME : v);
                yield temporal.datetime(dt, c.fsp());
            }
            case TIMESTAMP -> {
                boolean zero = ZERO_DATETIME.matcher(v).matches() || v.equals("0") || v.equals(EPOCH_DATETIME);
                if (zero) {
                    yield c.nullable() ? null : TemporalValues.EPOCH_ZONED;
                }
                // Debezium reads the literal in the worker's time zone; this connector in UTC, the session's
                yield TemporalValues.zonedFromBinlog(TemporalValues.parseTimestamp(v), c.fsp());
            }
            case TIME -> {
                int space = v.indexOf(' ');
                yield temporal.time(TemporalValues.parseTimeMicros(space > 0 ? v.substring(space + 1) : v));
            }
            case YEAR -> TemporalValues.year(Integer.parseInt(v));
            case STRING, ENUM, SET, UUID -> v;
            case BINARY, VARBINARY, JSON, GEOMETRY, POINT -> null; // no literal defaults these connectors report
        };
    }

    private static boolean numeric(MySqlType t) {
        return switch (t) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, BIT -> true;
            default -> false;
        };
    }

    /** BIT(1) as a boolean; BIT(n) from its binary digits, little-endian as the column's values. */
    private static Object bits(MySqlColumn c, String digits) {
        if (c.length() <= 1) {
            try {
                return Short.parseShort(digits) != 0;
            } catch (NumberFormatException e) {
                return Boolean.parseBoolean(digits);
            }
        }
        BigInteger n = digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 2);
        byte[] be = n.toByteArray();
        int size = (c.length() + 7) / 8;
        byte[] le = new byte[size];
        for (int k = 0; k < size && k < be.length; k++) {
            le[k] = be[be.length - 1 - k];
        }
        return le;
    }
}
