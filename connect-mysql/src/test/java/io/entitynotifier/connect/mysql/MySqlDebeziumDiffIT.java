package io.entitynotifier.connect.mysql;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.debezium.AvroCompatibility;
import io.entitynotifier.connect.common.testing.debezium.DebeziumOracle;
import io.entitynotifier.connect.common.testing.debezium.EventDiff;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * Debezium 3.6.1's MySQL connector as the oracle: it and ours capture the same MySQL 8.0.33 table of ~55 column types
 * on one worker, each with its defaults. Snapshot rows (edge values, NULLs, zero dates), then streamed inserts, an
 * update, a key-changing update and a delete, then the same again with {@code binlog_transaction_compression=ON}
 * (TRANSACTION_PAYLOAD events), then a row after DDL that changed a default and added a column. Every event's key, op, before and after (schemas with their defaults, parameters and
 * optionality, and values) and the rest of the envelope must be equal, except the documented paths in
 * {@link #IGNORED}.
 */
class MySqlDebeziumDiffIT {

    /**
     * Paths not compared, each with its reason. The harness already leaves out {@code ts_ms/us/ns},
     * {@code source.ts_*} (processing and event times of two separate readers) and {@code source.name} (the topic
     * prefixes differ by construction). {@code source.version}: ours is not Debezium's version string. Both
     * snapshots run before any change is written, so even the snapshot rows' binlog coordinates agree.
     */
    private static final String[] IGNORED = {"source.version"};

    static final String COLUMNS = String.join(
            ", ",
            "id INT NOT NULL PRIMARY KEY",
            "ti TINYINT",
            "tiu TINYINT UNSIGNED",
            "si SMALLINT",
            "siu SMALLINT UNSIGNED",
            "mi MEDIUMINT",
            "miu MEDIUMINT UNSIGNED",
            "i INT",
            "iu INT UNSIGNED",
            "bi BIGINT",
            "biu BIGINT UNSIGNED",
            "bo BOOL",
            "i_def INT NOT NULL DEFAULT 42",
            "dec1 DECIMAL(12,4)",
            "dec0 DECIMAL(20,0) UNSIGNED",
            "num NUMERIC(5,2) DEFAULT 1.50",
            "f FLOAT",
            "f30 FLOAT(30)",
            "fps FLOAT(7,3)",
            "d DOUBLE",
            "dd DOUBLE DEFAULT 2.5",
            "b1 BIT(1)",
            "b8 BIT(8)",
            "b10 BIT(10) DEFAULT b'101'",
            "b64 BIT(64)",
            "c CHAR(5)",
            "c_def CHAR(3) NOT NULL DEFAULT 'ab'",
            "vc VARCHAR(20) CHARACTER SET latin1",
            "tt TINYTEXT",
            "tx TEXT",
            "mt MEDIUMTEXT",
            "lt LONGTEXT",
            "bn BINARY(4)",
            "vb VARBINARY(10)",
            "tb TINYBLOB",
            "bl BLOB",
            "mb MEDIUMBLOB",
            "lb LONGBLOB",
            "dt DATE",
            "dt_def DATE DEFAULT '2020-01-02'",
            "dold DATE",
            "dancient DATE",
            "dtm DATETIME",
            "dt3 DATETIME(3)",
            "dt6 DATETIME(6) DEFAULT '2020-01-02 03:04:05.678901'",
            "dtold DATETIME",
            "ts TIMESTAMP NULL",
            "ts3 TIMESTAMP(3) NULL",
            "ts6 TIMESTAMP(6) NULL",
            "ts_def TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP",
            "tm TIME",
            "tm3 TIME(3)",
            "tm6 TIME(6) DEFAULT '01:02:03.456'",
            "tmax TIME",
            "tneg TIME(6)",
            "y YEAR",
            "y_def YEAR DEFAULT 1999",
            "e ENUM('small','medium','large')",
            "e_def ENUM('x','y') NOT NULL DEFAULT 'y'",
            "st SET('a','b','c')",
            "j JSON",
            "g GEOMETRY",
            "pt POINT",
            "ls LINESTRING",
            "dz DATE NOT NULL",
            "dtz DATETIME NOT NULL",
            "dzn DATE",
            "vc_def VARCHAR(10) DEFAULT 'dflt'");

    /** Maximal or typical values, with unicode beyond the BMP. */
    static final String ROW_A = String.join(
            ", ",
            "127",
            "255",
            "32767",
            "65535",
            "8388607",
            "16777215",
            "2147483647",
            "4294967295",
            "9223372036854775807",
            "18446744073709551615",
            "TRUE",
            "7",
            "-12345678.1234",
            "99999999999999999999",
            "-999.99",
            "3.14159274",
            "2.718281828459045",
            "1234.567",
            "1.7976931348623157E308",
            "-0.5",
            "b'1'",
            "b'10000001'",
            "b'1000000001'",
            "b'1111111111111111111111111111111111111111111111111111111111111111'",
            "'ab😀'",
            "'z'",
            "'café'",
            "'tiny'",
            "'😀 emoji'",
            "'medium text'",
            "'long text'",
            "x'0102'",
            "x'00ff00'",
            "x'01'",
            "x'deadbeef'",
            "x'cafe'",
            "x'00'",
            "'2024-02-29'",
            "'1999-12-31'",
            "'1000-01-01'",
            "'0001-01-01'",
            "'2024-02-29 13:14:15'",
            "'2024-02-29 13:14:15.123'",
            "'2024-02-29 13:14:15.123456'",
            "'1000-01-01 00:00:00'",
            "'2024-02-29 13:14:15'",
            "'2024-02-29 13:14:15.120'",
            "'2038-01-19 03:14:07.999999'",
            "'2024-02-29 13:14:15'",
            "'13:14:15'",
            "'13:14:15.500'",
            "'23:59:59.999999'",
            "'838:59:59'",
            "'-838:59:59.000000'",
            "2155",
            "1901",
            "'large'",
            "'x'",
            "'a,c'",
            "'{\"k\": [1, 2, \"x\"], \"u\": \"😀\"}'",
            "ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))')",
            "ST_GeomFromText('POINT(1.5 -2)')",
            "ST_GeomFromText('LINESTRING(0 0, 1 1)', 4326)",
            "'2024-02-29'",
            "'2024-02-29 13:14:15'",
            "'2024-02-29'",
            "''");

    /** Minimal values, empty strings, zero dates and negative TIME. */
    static final String ROW_B = String.join(
            ", ",
            "-128",
            "0",
            "-32768",
            "0",
            "-8388608",
            "0",
            "-2147483648",
            "0",
            "-9223372036854775808",
            "9223372036854775808",
            "FALSE",
            "-1",
            "0.0001",
            "0",
            "0",
            "-1.17549435E-38",
            "0",
            "-0.001",
            "-2.2250738585072014E-308",
            "0",
            "b'0'",
            "b'0'",
            "b'0'",
            "b'1'",
            "''",
            "''",
            "''",
            "''",
            "''",
            "''",
            "''",
            "x''",
            "x''",
            "x''",
            "x''",
            "x''",
            "x''",
            "'0000-00-00'",
            "'1970-01-01'",
            "'0999-12-31'",
            "'0100-03-01'",
            "'0000-00-00 00:00:00'",
            "'1970-01-01 00:00:00.001'",
            "'1969-12-31 23:59:59.999999'",
            "'0900-02-28 23:59:59'",
            "'1970-01-01 00:00:01'",
            "'1970-01-01 00:00:01.001'",
            "'1970-01-01 00:00:01.000001'",
            "'1970-01-01 00:00:01'",
            "'-00:00:01'",
            "'-12:00:00.125'",
            "'00:00:00'",
            "'-838:59:59'",
            "'-00:00:00.000001'",
            "0",
            "1901",
            "'small'",
            "'y'",
            "''",
            "'[]'",
            "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1))')",
            "ST_GeomFromText('POINT(0 0)')",
            "ST_GeomFromText('LINESTRING(0 0, 1 1, 2 2)')",
            "'0000-00-00'",
            "'0000-00-00 00:00:00'",
            "'0000-00-00'",
            "NULL");

    private static final String SESSION = "SET time_zone = '+00:00', sql_mode = ''";
    private static final String DB = "dbzdiff";
    private static final String TABLE = DB + ".t";

    private static DatabaseServer server;
    private static DebeziumOracle oracle;

    @BeforeAll
    static void start() throws Exception {
        server = SharedFixtures.server(Flavor.MYSQL8);
        oracle = DebeziumOracle.start("mysql");
    }

    @AfterAll
    static void stop() {
        if (oracle != null) {
            oracle.close();
        }
    }

    @Test
    void snapshotAndStreamingEventsEqualDebeziums() throws Exception {
        server.execute(
                null,
                "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4",
                "CREATE TABLE " + TABLE + " (" + COLUMNS + ")");
        server.execute(
                DB,
                SESSION,
                "INSERT INTO t VALUES (1, " + ROW_A + ")",
                "INSERT INTO t VALUES (2, " + ROW_B + ")",
                "INSERT INTO t (id, dz, dtz) VALUES (3, '2024-01-01', '2024-01-01 00:00:00')",
                "INSERT INTO t (id) VALUES (4)");

        oracle.deployDebezium("dbz", debezium("dbz", DB, 5401));
        oracle.deployOurs("ours", ours("ours", DB, 5402));
        oracle.read("dbz", 4, false, TABLE);
        oracle.read("ours", 4, false, TABLE);

        // Streaming, uncompressed: 4 creates, 1 update, key change (delete, tombstone, create), delete + tombstone.
        server.execute(
                DB,
                SESSION,
                "INSERT INTO t VALUES (11, " + ROW_A + ")",
                "INSERT INTO t VALUES (12, " + ROW_B + ")",
                "INSERT INTO t (id, dz, dtz) VALUES (13, '2024-01-01', '2024-01-01 00:00:00')",
                "INSERT INTO t (id) VALUES (14)",
                "UPDATE t SET ti = 1, c = 'upd', j = '{\"a\": null}', tm6 = '-01:00:00', b64 = b'0' WHERE id = 11",
                "UPDATE t SET id = 22 WHERE id = 12",
                "DELETE FROM t WHERE id = 13");
        // The same through compressed transactions (TRANSACTION_PAYLOAD events), one of several statements.
        server.execute(
                DB,
                SESSION + ", binlog_transaction_compression = ON",
                "INSERT INTO t VALUES (31, " + ROW_A + ")",
                "INSERT INTO t VALUES (32, " + ROW_B + ")",
                "START TRANSACTION",
                "INSERT INTO t (id) VALUES (34)",
                "UPDATE t SET e = 'small', dt3 = '1000-01-01 00:00:00.5', y = 1970 WHERE id = 31",
                "UPDATE t SET id = 42 WHERE id = 32",
                "DELETE FROM t WHERE id = 34",
                "COMMIT");
        assertTrue(compressedTransactions() >= 3, "the server wrote no compressed transactions");
        // DDL while streaming: a changed default (the table map stays as it was) and a new column with one
        server.execute(
                DB,
                SESSION,
                "ALTER TABLE t ALTER COLUMN vc_def SET DEFAULT 'new'",
                "ALTER TABLE t ADD COLUMN added INT NOT NULL DEFAULT 7",
                "INSERT INTO t (id) VALUES (51)");
        // 4 snapshot + 4 + 1 + 3 + 2 + (2 + 1 + 1 + 3 + 2) + 1
        int expected = 4 + 4 + 1 + 3 + 2 + 2 + 1 + 1 + 3 + 2 + 1;
        EventDiff diff = oracle.compare(
                "dbz",
                "ours",
                expected,
                EventDiff.Options.defaults().envelope(true).ignore(IGNORED).valueDifferencesPerPath(3),
                TABLE);
        diff.assertNone();
        assertTrue(diff.pairedEvents() >= expected, "paired " + diff.pairedEvents());
        // A schema registry takes our value schema as the next version of Debezium's subject (FULL compatibility,
        // Apicurio's Avro conversion), before and after the ADD COLUMN.
        var theirs = oracle.read("dbz", expected, false, TABLE);
        var mine = oracle.read("ours", expected, false, TABLE);
        for (int at : new int[] {0, -1}) {
            assertNull(
                    AvroCompatibility.incompatibility(valueAt(theirs, at), valueAt(mine, at), "dbz", "ours"),
                    "record " + at);
        }
    }

    /** The value of the first ({@code at} 0) or last ({@code at} -1) record that has one. */
    private static byte[] valueAt(List<ConsumerRecord<byte[], byte[]>> records, int at) {
        var withValue = records.stream().filter(r -> r.value() != null).toList();
        return withValue.get(at < 0 ? withValue.size() - 1 : at).value();
    }

    /** How many TRANSACTION_PAYLOAD events the current binlog file holds. */
    private static int compressedTransactions() throws Exception {
        try (Connection c = server.admin(null);
                Statement st = c.createStatement()) {
            String file;
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                file = rs.getString(1);
            }
            int n = 0;
            try (ResultSet rs = st.executeQuery("SHOW BINLOG EVENTS IN '" + file + "'")) {
                while (rs.next()) {
                    if ("Transaction_payload".equalsIgnoreCase(rs.getString("Event_type"))) {
                        n++;
                    }
                }
            }
            return n;
        }
    }

    /**
     * The other values of the type-related keys (bigint.unsigned.handling.mode, decimal.handling.mode,
     * binary.handling.mode, time.precision.mode=microseconds), snapshot and streaming, same table and rows.
     */
    @Test
    void nonDefaultTypeModesEqualDebeziums() throws Exception {
        String db = "dbzmodes";
        String table = db + ".t";
        server.execute(
                null,
                "CREATE DATABASE " + db + " CHARACTER SET utf8mb4",
                "CREATE TABLE " + table + " (" + COLUMNS + ")");
        server.execute(
                db,
                SESSION,
                "INSERT INTO t VALUES (1, " + ROW_A + ")",
                "INSERT INTO t VALUES (2, " + ROW_B + ")",
                "INSERT INTO t (id) VALUES (4)");
        Map<String, String> modes = Map.of(
                "bigint.unsigned.handling.mode", "precise",
                "decimal.handling.mode", "string",
                "binary.handling.mode", "base64",
                "time.precision.mode", "microseconds");
        Map<String, String> d = debezium("dbzm", db, 5403);
        d.putAll(modes);
        Map<String, String> o = ours("oursm", db, 5404);
        o.putAll(modes);
        oracle.deployDebezium("dbzm", d);
        oracle.deployOurs("oursm", o);
        oracle.read("dbzm", 3, false, table);
        oracle.read("oursm", 3, false, table);
        server.execute(
                db,
                SESSION,
                "INSERT INTO t VALUES (11, " + ROW_A + ")",
                "INSERT INTO t VALUES (12, " + ROW_B + ")",
                "UPDATE t SET biu = 1, dec1 = -0.5, vb = x'ff' WHERE id = 11",
                "DELETE FROM t WHERE id = 12");
        int expected = 3 + 2 + 1 + 2;
        EventDiff diff = oracle.compare(
                "dbzm",
                "oursm",
                expected,
                EventDiff.Options.defaults().envelope(true).ignore(IGNORED).valueDifferencesPerPath(3),
                table);
        diff.assertNone();
        assertTrue(diff.pairedEvents() >= expected, "paired " + diff.pairedEvents());
    }

    private Map<String, String> debezium(String prefix, String db, int serverId) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.debezium.connector.mysql.MySqlConnector");
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(server.port()));
        c.put("database.user", DatabaseServer.CDC_USER);
        c.put("database.password", DatabaseServer.CDC_PASSWORD);
        c.put("database.server.id", Integer.toString(serverId));
        c.put("topic.prefix", prefix);
        c.put("database.include.list", db);
        c.put("database.ssl.mode", "disabled");
        c.put("database.allowPublicKeyRetrieval", "true");
        c.put(
                "schema.history.internal.kafka.bootstrap.servers",
                oracle.cluster().connect().kafka().bootstrapServers());
        c.put("schema.history.internal.kafka.topic", prefix + "-schema-history");
        return c;
    }

    private Map<String, String> ours(String prefix, String db, int serverId) {
        Map<String, String> c = SharedFixtures.connector(server, prefix, db);
        c.put("database.server.id", Integer.toString(serverId));
        return c;
    }

    static List<String> columnNames() {
        return List.of(COLUMNS.split(", ")).stream().map(s -> s.split(" ")[0]).toList();
    }
}
