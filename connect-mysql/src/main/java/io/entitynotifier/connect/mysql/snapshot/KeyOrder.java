package io.entitynotifier.connect.mysql.snapshot;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.mysql.schema.CapturedTable;
import io.entitynotifier.connect.mysql.schema.MySqlColumn;

/**
 * Compares the primary key of a binlog row image with a snapshot key from the offset in the order the snapshot's
 * {@code WHERE (pk) > (...) ORDER BY pk} used. Numbers, DECIMAL, YEAR, DOUBLE, dates, datetimes, timestamps and binary
 * strings are compared here; character columns by the server under the column's collation ({@code STRCMP}), since
 * case- and accent-insensitive collations cannot be reproduced in Java. Other key types (FLOAT, TIME, BIT, ENUM, SET,
 * JSON, spatial) are {@linkplain #supported() not supported}.
 */
final class KeyOrder {

    private record KeyColumn(MySqlColumn column, String charset, String collation, PreparedStatement strcmp) {}

    private final CapturedTable table;
    private final List<KeyColumn> key;
    private final boolean supported;

    private KeyOrder(CapturedTable table, List<KeyColumn> key, boolean supported) {
        this.table = table;
        this.key = key;
        this.supported = supported;
    }

    /** Reads the key of {@code table} (its columns, in key order, with their collations) on {@code c}. */
    static KeyOrder of(CapturedTable table, Connection c) throws SQLException {
        TableId id = table.id();
        List<KeyColumn> key = new ArrayList<>();
        boolean supported = true;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT s.COLUMN_NAME, c.CHARACTER_SET_NAME, c.COLLATION_NAME"
                        + " FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS c"
                        + " ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
                        + " WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.INDEX_NAME = 'PRIMARY' ORDER BY s.SEQ_IN_INDEX")) {
            ps.setString(1, id.catalog());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    MySqlColumn col = column(table, rs.getString(1));
                    if (col == null || !comparable(col)) {
                        supported = false;
                        continue;
                    }
                    PreparedStatement strcmp = null;
                    String cs = rs.getString(2);
                    String coll = rs.getString(3);
                    if (col.type() == io.entitynotifier.connect.mysql.schema.MySqlType.STRING) {
                        if (!name(cs) || !name(coll)) {
                            supported = false;
                            continue;
                        }
                        String side = "CONVERT(? USING " + cs + ") COLLATE " + coll;
                        strcmp = c.prepareStatement("SELECT STRCMP(" + side + ", " + side + ")");
                    }
                    key.add(new KeyColumn(col, cs, coll, strcmp));
                }
            }
        }
        return new KeyOrder(table, key, supported && !key.isEmpty());
    }

    boolean supported() {
        return supported;
    }

    CapturedTable table() {
        return table;
    }

    /** Negative, zero or positive as the key of {@code row} sorts before, equal to or after {@code keyText}. */
    int compare(Serializable[] row, List<String> keyText) throws SQLException {
        if (keyText.size() != key.size()) {
            throw new IllegalArgumentException(
                    "the snapshot key has " + keyText.size() + " columns, the table's " + "primary key " + key.size());
        }
        for (int k = 0; k < key.size(); k++) {
            KeyColumn kc = key.get(k);
            int c = compare(kc, table.binlogCell(row, kc.column().name()), keyText.get(k));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compare(KeyColumn kc, Serializable v, String text) throws SQLException {
        MySqlColumn c = kc.column();
        return switch (c.type()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> integer(c, v).compareTo(new BigInteger(text));
            case DECIMAL -> ((BigDecimal) v).compareTo(new BigDecimal(text));
            case YEAR -> Integer.compare(((Number) v).intValue(), Integer.parseInt(text));
            case DOUBLE -> {
                double a = ((Number) v).doubleValue();
                double b = Double.parseDouble(text);
                yield a < b ? -1 : a > b ? 1 : 0;
            }
            case DATE -> ((LocalDate) v).compareTo(LocalDate.parse(text));
            case DATETIME -> ((LocalDateTime) v).compareTo(dateTime(text));
            // the snapshot session runs with time_zone '+00:00'
            case TIMESTAMP -> ((Instant) v).compareTo(dateTime(text).toInstant(ZoneOffset.UTC));
            case BINARY ->
                Arrays.compareUnsigned(
                        Arrays.copyOf((byte[]) v, Math.max(c.length(), ((byte[]) v).length)),
                        HexFormat.of().parseHex(text));
            case VARBINARY -> Arrays.compareUnsigned((byte[]) v, HexFormat.of().parseHex(text));
            case STRING -> {
                PreparedStatement ps = kc.strcmp();
                if (v instanceof byte[] b) {
                    ps.setBytes(1, b);
                } else {
                    ps.setString(1, v.toString());
                }
                ps.setString(2, text);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    yield rs.getInt(1);
                }
            }
            default -> throw new IllegalStateException("key type " + c.typeName() + " is not compared");
        };
    }

    private static BigInteger integer(MySqlColumn c, Serializable v) {
        long n = ((Number) v).longValue();
        if (!c.unsigned()) {
            return BigInteger.valueOf(n);
        }
        return switch (c.type()) {
            case TINYINT -> BigInteger.valueOf(n & 0xFFL);
            case SMALLINT -> BigInteger.valueOf(n & 0xFFFFL);
            case MEDIUMINT -> BigInteger.valueOf(n & 0xFFFFFFL);
            case INT -> BigInteger.valueOf(n & 0xFFFFFFFFL);
            default -> new BigInteger(Long.toUnsignedString(n));
        };
    }

    private static LocalDateTime dateTime(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T'));
    }

    private static boolean comparable(MySqlColumn c) {
        return switch (c.type()) {
            case TINYINT,
                    SMALLINT,
                    MEDIUMINT,
                    INT,
                    BIGINT,
                    DECIMAL,
                    YEAR,
                    DOUBLE,
                    DATE,
                    DATETIME,
                    TIMESTAMP,
                    BINARY,
                    VARBINARY,
                    STRING -> true;
            default -> false;
        };
    }

    private static boolean name(String s) {
        return s != null && s.matches("[A-Za-z0-9_]+");
    }

    private static MySqlColumn column(CapturedTable table, String name) {
        for (MySqlColumn c : table.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    void close() {
        for (KeyColumn kc : key) {
            if (kc.strcmp() != null) {
                try {
                    kc.strcmp().close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
        }
    }
}
