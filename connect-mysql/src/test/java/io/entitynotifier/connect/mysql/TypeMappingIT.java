package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Every supported column type, value for value, from the snapshot and from the binlog, including NULLs, with the
 * values Debezium 3.6's MySQL connector gives under its defaults (time.precision.mode=adaptive_time_microseconds,
 * bigint.unsigned.handling.mode=long, binary.handling.mode=bytes).
 */
class TypeMappingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COLUMNS = "ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, "
            + "mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, "
            + "dec1 DECIMAL(12,4), f FLOAT, d DOUBLE, b1 BIT(1), b10 BIT(10), dt DATE, dtm DATETIME(6), "
            + "ts TIMESTAMP(3) NULL, tm TIME(3), y YEAR, c CHAR(5), vc VARCHAR(20) CHARACTER SET latin1, tx TEXT, "
            + "bn BINARY(4), vb VARBINARY(10), bl BLOB, e ENUM('small','medium','large'), st SET('a','b','c'), j JSON, "
            + "tmax TIME, tmin TIME(6), dold DATE, dtold DATETIME, dz DATE NOT NULL, dtz DATETIME NOT NULL, "
            + "dzn DATE, pt POINT, g GEOMETRY";

    private static final String VALUES = "-128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295, "
            + "-9223372036854775808, 18446744073709551615, -12345678.1234, 3.14159274, 2.718281828459045, b'1', "
            + "b'1000000001', '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.120', '13:14:15.500', "
            + "2024, 'ab😀', 'café', '😀 emoji', x'0102', x'00ff00', x'deadbeef', 'medium', 'a,c', "
            + "'{\"k\": [1, 2, \"x\"]}', '838:59:59', '-838:59:59.000000', '1000-01-01', '1000-01-01 00:00:00', "
            + "'0000-00-00', '0000-00-00 00:00:00', '0000-00-00', ST_GeomFromText('POINT(1.5 -2)'), "
            + "ST_GeomFromText('LINESTRING(0 0, 1 1)')";

    /** Columns that are NOT NULL: the row inserted with only its id holds their zero value. */
    private static final List<String> NOT_NULL = List.of("dz", "dtz");

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void everyTypeFromSnapshotAndBinlog(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "types_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db + " CHARACTER SET utf8mb4",
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, " + COLUMNS + ")");
        String session = "SET time_zone = '+00:00', sql_mode = ''";
        s.execute(db, session, "INSERT INTO t VALUES (1, " + VALUES + ")", "INSERT INTO t (id) VALUES (2)");
        String prefix = "types" + flavor.ordinal();
        String topic = prefix + "." + db + ".t";
        cluster.deploy(prefix, SharedFixtures.connector(s, prefix, db));
        consumeAtLeast(cluster, 2, topic);
        s.execute(db, session, "INSERT INTO t VALUES (11, " + VALUES + ")", "INSERT INTO t (id) VALUES (12)");
        List<Event> ev = consumeAtLeast(cluster, 4, topic);
        assertEquals(4, ev.size());
        for (Event e : ev) {
            int id = e.after().get("id").asInt();
            boolean nulls = id % 10 == 2;
            boolean snapshot = e.op().equals("r");
            String where = (snapshot ? "snapshot" : "binlog") + " row " + id + ": ";
            for (Map.Entry<String, Object> x : expected(snapshot).entrySet()) {
                JsonNode v = e.after().get(x.getKey());
                if (nulls && !NOT_NULL.contains(x.getKey())) {
                    assertTrue(v == null || v.isNull(), where + x.getKey() + " should be null but is " + v);
                } else {
                    assertEquals(x.getValue(), actual(x.getKey(), v), where + x.getKey());
                }
            }
        }
        JsonNode schema = ChangeEvents.envelopeJson(ev.get(2).record().value()).get("schema");
        Map<String, JsonNode> fields = afterFields(schema);
        assertEquals("io.debezium.data.Enum", fields.get("e").get("name").asText());
        assertEquals(
                "small,medium,large",
                fields.get("e").get("parameters").get("allowed").asText());
        assertEquals("io.debezium.data.EnumSet", fields.get("st").get("name").asText());
        assertEquals(
                "io.debezium.time.ZonedTimestamp", fields.get("ts").get("name").asText());
        assertEquals("int64", fields.get("biu").get("type").asText());
        assertEquals("io.debezium.data.Bits", fields.get("b10").get("name").asText());
        assertEquals("10", fields.get("b10").get("parameters").get("length").asText());
        assertEquals("int16", fields.get("tiu").get("type").asText());
        assertEquals("int64", fields.get("iu").get("type").asText());
        assertEquals("float", fields.get("f").get("type").asText());
        assertEquals("io.debezium.time.Date", fields.get("dt").get("name").asText());
        assertEquals(
                "io.debezium.time.MicroTimestamp", fields.get("dtm").get("name").asText());
        assertEquals(
                "io.debezium.time.Timestamp", fields.get("dtold").get("name").asText());
        assertEquals("io.debezium.time.MicroTime", fields.get("tm").get("name").asText());
        assertEquals("io.debezium.time.Year", fields.get("y").get("name").asText());
        assertEquals(
                "io.debezium.data.geometry.Point", fields.get("pt").get("name").asText());
        assertEquals(
                "io.debezium.data.geometry.Geometry",
                fields.get("g").get("name").asText());
        assertFalse(fields.get("dz").get("optional").asBoolean());
        if (flavor == Flavor.MYSQL8) {
            assertEquals("io.debezium.data.Json", fields.get("j").get("name").asText());
        }
        // Snapshot and binlog events of the table share one schema.
        assertEquals(ChangeEvents.envelopeJson(ev.get(0).record().value()).get("schema"), schema);
        cluster.connect().deleteConnector(prefix);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void connectModeKeepsConnectTypes(Flavor flavor) throws Exception {
        DatabaseServer s = SharedFixtures.server(flavor);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        String db = "connectmode_" + flavor.name().toLowerCase();
        s.execute(
                null,
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, d DATE, "
                        + "dt3 DATETIME(3), dt6 DATETIME(6), tm TIME(6), vb VARBINARY(4))");
        String row = "'1000-01-01', '2024-02-29 13:14:15.123', '2024-02-29 13:14:15.123456', '10:00:00.000005', "
                + "x'fbff'";
        s.execute(db, "INSERT INTO t VALUES (1, " + row + ")");
        String prefix = "connectmode" + flavor.ordinal();
        String topic = prefix + "." + db + ".t";
        Map<String, String> c = SharedFixtures.connector(s, prefix, db);
        c.put("time.precision.mode", "connect");
        c.put("binary.handling.mode", "base64-url-safe");
        cluster.deploy(prefix, c);
        consumeAtLeast(cluster, 1, topic);
        s.execute(db, "INSERT INTO t VALUES (2, " + row + ")");
        List<Event> ev = consumeAtLeast(cluster, 2, topic);
        for (Event e : ev) {
            JsonNode a = e.after();
            assertEquals(-354285, a.get("d").asInt(), e.op());
            assertEquals(1709212455123L, a.get("dt3").asLong(), e.op());
            assertEquals(1709212455123L, a.get("dt6").asLong(), e.op());
            assertEquals(36_000_000L, a.get("tm").asLong(), e.op());
            assertEquals("-_8=", a.get("vb").asText(), e.op());
        }
        Map<String, JsonNode> fields = afterFields(
                ChangeEvents.envelopeJson(ev.get(1).record().value()).get("schema"));
        assertEquals(
                "org.apache.kafka.connect.data.Date",
                fields.get("d").get("name").asText());
        assertEquals(
                "org.apache.kafka.connect.data.Timestamp",
                fields.get("dt6").get("name").asText());
        assertEquals(
                "org.apache.kafka.connect.data.Time",
                fields.get("tm").get("name").asText());
        assertEquals("string", fields.get("vb").get("type").asText());
        cluster.connect().deleteConnector(prefix);
    }

    private static List<Event> consumeAtLeast(ConnectTestCluster cluster, int n, String topic) {
        return ChangeEvents.parse(cluster.consumeCommitted(n, TIMEOUT, topic));
    }

    private static Map<String, JsonNode> afterFields(JsonNode envelopeSchema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode f : envelopeSchema.get("fields")) {
            if (f.get("field").asText().equals("after")) {
                for (JsonNode c : f.get("fields")) {
                    out.put(c.get("field").asText(), c);
                }
            }
        }
        return out;
    }

    private static Map<String, Object> expected(boolean snapshot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ti", -128L);
        m.put("tiu", 255L);
        m.put("si", -32768L);
        m.put("siu", 65535L);
        m.put("mi", -8388608L);
        m.put("miu", 16777215L);
        m.put("i", -2147483648L);
        m.put("iu", 4294967295L);
        m.put("bi", Long.MIN_VALUE);
        m.put("biu", -1L); // bigint.unsigned.handling.mode=long wraps 2^64-1, as Debezium does
        m.put("dec1", new BigDecimal("-12345678.1234"));
        // Debezium's snapshot gives FLOAT's six-digit text form, its binlog reader the exact float
        m.put("f", snapshot ? 3.14159f : 3.14159274f);
        m.put("d", 2.718281828459045);
        m.put("b1", true);
        m.put("b10", "0102");
        m.put("dt", 19782L); // days since 1970-01-01
        m.put("dtm", 1709212455123456L); // MicroTimestamp
        // Debezium's snapshot formats TIMESTAMP with ISO-8601's shortest fraction, its binlog reader with fsp digits
        m.put("ts", snapshot ? "2024-02-29T13:14:15.12Z" : "2024-02-29T13:14:15.120Z");
        m.put("tm", 47655500000L); // MicroTime
        m.put("y", 2024L);
        m.put("c", "ab😀");
        m.put("vc", "café");
        m.put("tx", "😀 emoji");
        m.put("bn", "01020000");
        m.put("vb", "00ff00");
        m.put("bl", "deadbeef");
        m.put("e", "medium");
        m.put("st", "a,c");
        m.put("j", parse("{\"k\": [1, 2, \"x\"]}"));
        long maxTime = ((838L * 60 + 59) * 60 + 59) * 1_000_000L;
        m.put("tmax", maxTime);
        m.put("tmin", -maxTime);
        m.put("dold", -354285L); // 1000-01-01, proleptic Gregorian
        m.put("dtold", -30610224000000L); // 1000-01-01 00:00:00 in milliseconds
        m.put("dz", 0L); // NOT NULL zero date: Debezium's fallback, the epoch
        m.put("dtz", 0L);
        m.put("dzn", null); // nullable zero date: null
        m.put("pt", "1.5,-2.0,0101000000000000000000f83f00000000000000c0");
        m.put("g", "01020000000200000000000000000000000000000000000000000000000000f03f000000000000f03f");
        return m;
    }

    private static Object actual(String column, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        return switch (column) {
            case "dec1" -> new BigDecimal(new BigInteger(Base64.getDecoder().decode(v.asText())), 4);
            case "f" -> v.floatValue();
            case "d" -> v.doubleValue();
            case "b1" -> v.asBoolean();
            case "b10", "bn", "vb", "bl" ->
                java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(v.asText()));
            case "j" -> parse(v.asText());
            case "pt" ->
                v.get("x").asDouble() + "," + v.get("y").asDouble() + ","
                        + java.util.HexFormat.of()
                                .formatHex(
                                        Base64.getDecoder().decode(v.get("wkb").asText()));
            case "g" ->
                java.util.HexFormat.of()
                        .formatHex(Base64.getDecoder().decode(v.get("wkb").asText()));
            case "ts", "c", "vc", "tx", "e", "st" -> v.asText();
            default -> v.asLong();
        };
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
