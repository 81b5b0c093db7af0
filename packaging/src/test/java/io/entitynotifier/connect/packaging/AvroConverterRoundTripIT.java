package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.sqlite.SqliteSourceConnector;

/**
 * Change events written by a connector running in a real worker with Apicurio's AvroConverter for keys and values
 * (against an in-process stand-in for the registry), read back read_committed and decoded by a fresh converter:
 * every record decodes, re-encodes to the same bytes, and carries the values that were written.
 */
class AvroConverterRoundTripIT {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    static FakeApicurioRegistry registry;
    static AvroRoundTrip avro;
    static ConnectTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        registry = new FakeApicurioRegistry();
        avro = new AvroRoundTrip(registry);
        cluster = ConnectTestCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** Deploys with the Avro converters in place of the JSON defaults. */
    static void deployWithAvro(String name, Map<String, String> config) {
        Map<String, String> c = new HashMap<>(config);
        c.putAll(avro.connectorSettings("key.converter."));
        c.putAll(avro.connectorSettings("value.converter."));
        cluster.deploy(name, c);
    }

    /** Decoded keys and values (null value for a tombstone), each checked to round-trip. */
    static List<SchemaAndValue[]> roundTrip(List<ConsumerRecord<byte[], byte[]>> records) {
        List<SchemaAndValue[]> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            SchemaAndValue key = avro.assertRoundTrip(r.topic(), r.headers(), true, r.key());
            SchemaAndValue value =
                    r.value() == null ? null : avro.assertRoundTrip(r.topic(), r.headers(), false, r.value());
            out.add(new SchemaAndValue[] {key, value});
        }
        return out;
    }

    /** Apicurio's AvroData gives BYTES as a ByteBuffer (Connect allows both); compare contents. */
    static byte[] bytes(Object v) {
        if (v instanceof java.nio.ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }
        return (byte[]) v;
    }

    @Test
    void sqliteEventsOfEveryTypeRoundTripThroughAvro() throws Exception {
        Path file = dir.resolve("avro.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, big BIGINT, "
                    + "r REAL, price DECIMAL(10,2), n NUMERIC, flag BOOLEAN, blob BLOB, day DATE, at DATETIME, "
                    + "tm TIME, untyped)");
            s.execute("INSERT INTO items VALUES (1, 'héllo 😀', 7, 9223372036854775807, 0.5, 9.99, 12.5, 1, "
                    + "x'00ff10', '2024-02-29', '2024-02-29 13:14:15.678', '23:59:58.5', 'any')");
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", SqliteSourceConnector.class.getName());
            config.put("database.path", file.toString());
            config.put("topic.prefix", "avro");
            config.put("poll.interval.ms", "50");
            deployWithAvro("avro-sqlite", config);
            String topic = "avro.main.items";
            cluster.consumeCommitted(1, TIMEOUT, topic);
            s.execute("INSERT INTO items (id, name) VALUES (2, 'nulls')");
            s.execute("UPDATE items SET price = 10.01, name = 'renamed' WHERE id = 1");
            s.execute("DELETE FROM items WHERE id = 2");
            List<SchemaAndValue[]> events = roundTrip(cluster.consumeCommitted(5, TIMEOUT, topic));
            assertEquals(5, events.size(), "read, create, update, delete, tombstone");

            Struct read = (Struct) events.get(0)[1].value();
            assertEquals("r", read.getString("op"));
            Struct after = read.getStruct("after");
            assertEquals("héllo 😀", after.getString("name"));
            assertEquals(Long.MAX_VALUE, after.get("big"));
            assertEquals(new BigDecimal("9.99"), after.get("price"));
            assertEquals(
                    "org.apache.kafka.connect.data.Decimal",
                    after.schema().field("price").schema().name());
            assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, bytes(after.get("blob")));
            assertEquals(java.util.Date.class, after.get("day").getClass());
            assertEquals(1709212455678L, ((java.util.Date) after.get("at")).getTime());
            assertEquals(86_398_500L, ((java.util.Date) after.get("tm")).getTime());
            assertEquals("sqlite", read.getStruct("source").getString("connector"));

            Struct created = (Struct) events.get(1)[1].value();
            assertEquals("c", created.getString("op"));
            assertNull(created.get("before"));
            assertNull(created.getStruct("after").get("price"));
            Struct updated = (Struct) events.get(2)[1].value();
            assertEquals("u", updated.getString("op"));
            assertEquals(new BigDecimal("9.99"), updated.getStruct("before").get("price"));
            assertEquals(new BigDecimal("10.01"), updated.getStruct("after").get("price"));
            Struct deleted = (Struct) events.get(3)[1].value();
            assertEquals("d", deleted.getString("op"));
            assertNull(events.get(4)[1], "tombstone");
            assertEquals(2L, ((Struct) events.get(4)[0].value()).get("id"));
            Schema keySchema = events.get(4)[0].schema();
            assertEquals("avro.main.items.Key", keySchema.name());
            assertTrue(registry.schemaCount() >= 2, "key and value schemas registered");
            assertNotNull(updated.getStruct("source").get("seq"));
        }
        cluster.connect().deleteConnector("avro-sqlite");
    }

    @Test
    void postgresEventsOfManyTypesRoundTripThroughAvro() throws Exception {
        try (PrivatePostgres pg = new PrivatePostgres()) {
            pg.exec(
                    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                    "CREATE TABLE types (id int PRIMARY KEY, i2 smallint, i8 bigint, f4 real, f8 double precision, "
                            + "price numeric(10,2), anynum numeric, b boolean, t text, vc varchar(20), by bytea, "
                            + "d date, tm time, ts timestamp, tstz timestamptz, ttz timetz, iv interval, u uuid, "
                            + "j json, jb jsonb, arr int[], tarr text[], m mood, addr inet)",
                    "ALTER TABLE types REPLICA IDENTITY FULL",
                    "INSERT INTO types VALUES (1, -3, 9223372036854775807, 1.5, 1e300, 12.34, -1234.5678, true, "
                            + "'héllo 😀', 'vc', '\\x00ff10', '2024-02-29', '13:14:15.5', '2024-02-29 13:14:15.678', "
                            + "'2024-02-29 13:14:15.678+02', '13:14:15+02', '1 day 2 hours', "
                            + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": 1}', '{\"b\": [1, 2]}', "
                            + "'{1,NULL,3}', '{\"x\",NULL}', 'happy', '10.0.0.1')");
            Map<String, String> config = new HashMap<>();
            config.put("connector.class", "io.entitynotifier.connect.postgres.PostgresSourceConnector");
            config.put("database.hostname", "127.0.0.1");
            config.put("database.port", Integer.toString(pg.port));
            config.put("database.user", "postgres");
            config.put("database.password", "");
            config.put("database.dbname", "postgres");
            config.put("database.sslmode", "disable");
            config.put("topic.prefix", "avropg");
            config.put("table.include.list", "public\\.types");
            config.put("slot.name", "avro_roundtrip");
            config.put("publication.name", "avro_roundtrip");
            config.put("publication.autocreate.mode", "filtered");
            deployWithAvro("avro-postgres", config);
            String topic = "avropg.public.types";
            cluster.consumeCommitted(1, TIMEOUT, topic);
            pg.exec(
                    "INSERT INTO types (id) VALUES (2)",
                    "UPDATE types SET price = 99.99, arr = '{}', tarr = NULL WHERE id = 1",
                    "DELETE FROM types WHERE id = 2");
            List<SchemaAndValue[]> events = roundTrip(cluster.consumeCommitted(5, TIMEOUT, topic));
            assertEquals(5, events.size(), "read, create, update, delete, tombstone");
            Struct after = ((Struct) events.get(0)[1].value()).getStruct("after");
            assertEquals(new BigDecimal("12.34"), after.get("price"));
            Struct anynum = after.getStruct("anynum");
            assertEquals(
                    "io.debezium.data.VariableScaleDecimal", anynum.schema().name());
            assertEquals(
                    new BigDecimal("-1234.5678"),
                    new BigDecimal(new java.math.BigInteger(bytes(anynum.get("value"))), anynum.getInt32("scale")));
            assertEquals(Arrays.asList(1, null, 3), after.getArray("arr"));
            assertEquals(Arrays.asList("x", null), after.getArray("tarr"));
            assertEquals("happy", after.getString("m"));
            assertEquals(
                    "io.debezium.data.Enum", after.schema().field("m").schema().name());
            assertEquals(
                    "io.debezium.time.ZonedTimestamp",
                    after.schema().field("tstz").schema().name());
            assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, bytes(after.get("by")));
            Struct updated = (Struct) events.get(2)[1].value();
            assertEquals("u", updated.getString("op"));
            assertEquals(new BigDecimal("99.99"), updated.getStruct("after").get("price"));
            assertEquals(List.of(), updated.getStruct("after").getArray("arr"));
            assertEquals("postgresql", updated.getStruct("source").getString("connector"));
            assertNull(events.get(4)[1], "tombstone");
            cluster.connect().deleteConnector("avro-postgres");
        }
    }
}
