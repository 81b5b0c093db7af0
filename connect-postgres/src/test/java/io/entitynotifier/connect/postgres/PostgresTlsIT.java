package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/**
 * TLS against the private server (ssl=on, self-signed certificate for localhost/127.0.0.1), as a least-privilege user
 * that pg_hba.conf admits over TLS only: REPLICATION, USAGE on the schema, SELECT on the table, and a publication
 * an administrator created.
 */
@ExtendWith(TestEnvironment.class)
class PostgresTlsIT {

    static PostgresServer pg;
    static ConnectTestCluster connect;

    @BeforeAll
    static void setUp() throws Exception {
        pg = TestEnvironment.postgres();
        connect = TestEnvironment.connect();
        pg.execute(
                "CREATE SCHEMA s50",
                "CREATE TABLE s50.t (id int PRIMARY KEY, v text)",
                "INSERT INTO s50.t VALUES (1, 'a')",
                "CREATE ROLE tlsonly LOGIN REPLICATION",
                "GRANT USAGE ON SCHEMA s50 TO tlsonly",
                "GRANT SELECT ON ALL TABLES IN SCHEMA s50 TO tlsonly",
                "CREATE PUBLICATION pub_it50 FOR TABLE s50.t");
    }

    static Map<String, String> config(String sslmode, String host) {
        Map<String, String> cfg = pg.connectorConfig("it50", "slot_it50", "pub_it50");
        cfg.put("database.user", "tlsonly");
        cfg.put("database.hostname", host);
        cfg.put("database.sslmode", sslmode);
        cfg.put("database.sslrootcert", pg.rootCert());
        cfg.put("table.include.list", "s50\\.t");
        cfg.put("publication.autocreate.mode", "disabled");
        return cfg;
    }

    /** Errors on database.sslmode; fails when validation reports an error on any other key. */
    static List<String> sslErrors(Map<String, String> cfg) {
        cfg.put("name", "pg-it50");
        cfg.put("slot.name", "slot_it50_validate"); // not the slot the streaming test may still hold
        ConfigInfos infos = connect.validate(PostgresSourceConnector.class.getName(), cfg);
        List<String> ssl = ConnectTestCluster.errorsFor(infos, "database.sslmode");
        assertEquals(
                ssl.size(),
                infos.errorCount(),
                infos.configs().stream()
                        .filter(c -> !c.configValue().errors().isEmpty())
                        .map(c -> c.configValue().name() + c.configValue().errors())
                        .toList()
                        .toString());
        return ssl;
    }

    @Test
    void withoutTlsTheServerRefusesTheUser() {
        List<String> e = sslErrors(config("disable", "127.0.0.1"));
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).contains("no encryption") || e.get(0).contains("pg_hba"), e.get(0));
    }

    @Test
    void requireAndVerifyCaAreAccepted() {
        assertEquals(List.of(), sslErrors(config("require", "127.0.0.1")));
        assertEquals(List.of(), sslErrors(config("verify-ca", "127.0.0.1")));
    }

    @Test
    void verifyCaRejectsACertificateFromAnotherAuthority() throws Exception {
        Path dir = Files.createTempDirectory("enpg-ca-");
        try {
            Process p = new ProcessBuilder(
                            "openssl",
                            "req",
                            "-x509",
                            "-newkey",
                            "rsa:2048",
                            "-nodes",
                            "-days",
                            "1",
                            "-subj",
                            "/CN=other-ca",
                            "-keyout",
                            dir.resolve("ca.key").toString(),
                            "-out",
                            dir.resolve("ca.crt").toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
            Map<String, String> cfg = config("verify-ca", "127.0.0.1");
            cfg.put("database.sslrootcert", dir.resolve("ca.crt").toString());
            List<String> e = sslErrors(cfg);
            assertEquals(1, e.size(), e.toString());
        } finally {
            for (String f : new String[] {"ca.key", "ca.crt"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.delete(dir);
        }
    }

    @Test
    void verifyFullStreamsOverTls() throws Exception {
        connect.deploy("pg-it50", config("verify-full", "localhost"));
        try {
            pg.awaitSlot("slot_it50");
            pg.execute("INSERT INTO s50.t VALUES (2, 'b')");
            List<Event> events = ChangeEvents.parse(connect.consumeCommitted(2, Duration.ofSeconds(120), "it50.s50.t"));
            assertEquals(List.of("r", "c"), events.stream().map(Event::op).toList());
            try (Connection c = pg.connect();
                    Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT bool_and(ssl), count(*) FROM pg_stat_ssl JOIN pg_stat_activity "
                                    + "USING (pid) WHERE usename = 'tlsonly' AND backend_type = 'walsender'")) {
                rs.next();
                assertEquals(1, rs.getInt(2), "one replication connection");
                assertTrue(rs.getBoolean(1), "the replication connection uses TLS");
            }
        } finally {
            connect.connect().deleteConnector("pg-it50");
        }
    }
}
