package io.entitynotifier.connect.mysql;

import static io.entitynotifier.connect.common.testing.ConnectTestCluster.errorsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.testing.ChangeEvents;
import io.entitynotifier.connect.common.testing.ChangeEvents.Event;
import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.server.ServerConnections;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/**
 * database.ssl.mode against MySQL 8, which generates its own CA and server certificate at initialisation. The
 * connector user REQUIREs SSL, so a snapshot and a binlog event arriving prove both connections used TLS.
 */
class TlsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String CLASS = MySqlSourceConnector.class.getName();

    private static Map<String, String> tlsConnector(DatabaseServer s, String prefix, String mode) {
        Map<String, String> c = SharedFixtures.connector(s, prefix, "tls_db");
        c.put("database.user", "tls_user");
        c.put("database.password", "tls-pw");
        c.put("database.ssl.mode", mode);
        return c;
    }

    @Test
    void requiredAndVerifyCaWorkDisabledAndVerifyIdentityAreRefused() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        ConnectTestCluster cluster = SharedFixtures.cluster();
        s.execute(
                null,
                "CREATE USER 'tls_user'@'%' IDENTIFIED BY 'tls-pw' REQUIRE SSL",
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'tls_user'@'%'",
                "CREATE DATABASE tls_db",
                "CREATE TABLE tls_db.t (id INT PRIMARY KEY)",
                "INSERT INTO tls_db.t VALUES (1)");

        cluster.deploy("tlsreq", tlsConnector(s, "tlsreq", "required"));
        cluster.consumeCommitted(1, TIMEOUT, "tlsreq.tls_db.t"); // snapshot done before the next insert
        s.execute(null, "INSERT INTO tls_db.t VALUES (2)");
        List<Event> ev = ChangeEvents.parse(cluster.consumeCommitted(2, TIMEOUT, "tlsreq.tls_db.t"));
        assertEquals(List.of("r", "c"), ev.stream().map(Event::op).toList(), "snapshot over TLS, binlog over TLS");
        cluster.connect().deleteConnector("tlsreq");

        Path trustStore = trustStoreWith(s.dir().resolve("data/ca.pem"));
        Map<String, String> verifyCa = tlsConnector(s, "tlsca", "verify_ca");
        verifyCa.put("database.ssl.truststore", trustStore.toString());
        verifyCa.put("database.ssl.truststore.password", "changeit");
        cluster.deploy("tlsca", verifyCa);
        cluster.consumeCommitted(2, TIMEOUT, "tlsca.tls_db.t");
        s.execute(null, "INSERT INTO tls_db.t VALUES (3)");
        ev = ChangeEvents.parse(cluster.consumeCommitted(3, TIMEOUT, "tlsca.tls_db.t"));
        assertEquals(List.of("r", "r", "c"), ev.stream().map(Event::op).toList());
        cluster.connect().deleteConnector("tlsca");

        ConfigInfos plain = cluster.validate(CLASS, tlsConnector(s, "tlsoff", "disabled"));
        List<String> refused = new ArrayList<>(errorsFor(plain, "database.password"));
        refused.addAll(errorsFor(plain, "database.hostname"));
        assertFalse(refused.isEmpty(), "a REQUIRE SSL user cannot log in without TLS");

        // The generated server certificate names no host, so identity verification must fail.
        Map<String, String> identity = tlsConnector(s, "tlsid", "verify_identity");
        identity.put("database.ssl.truststore", trustStore.toString());
        identity.put("database.ssl.truststore.password", "changeit");
        List<String> host = errorsFor(cluster.validate(CLASS, identity), "database.hostname");
        assertFalse(host.isEmpty(), "verify_identity against a certificate for another name");
    }

    @Test
    void requiredTlsAgainstAServerWithoutTlsIsAClearError() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MARIADB); // Debian's MariaDB runs without certificates
        List<String> host = errorsFor(
                SharedFixtures.cluster()
                        .validate(
                                CLASS,
                                merged(SharedFixtures.connector(s, "notls", "x"), "database.ssl.mode", "required")),
                "database.hostname");
        assertTrue(String.join(" ", host).contains("cannot connect"), host.toString());
    }

    /** preferred drops to plaintext only when the server has no TLS at all. */
    @Test
    void preferredFallsBackOnlyWhenTheServerHasNoTls() throws Exception {
        DatabaseServer plain = SharedFixtures.server(Flavor.MARIADB); // no certificates
        Map<String, String> c = merged(SharedFixtures.connector(plain, "pref", "x"), "database.ssl.mode", "preferred");
        ConfigInfos ok = SharedFixtures.cluster().validate(CLASS, c);
        assertTrue(
                errorsFor(ok, "database.hostname").isEmpty(),
                errorsFor(ok, "database.hostname").toString());
        assertTrue(ServerConnections.serverHasNoTls(new java.sql.SQLException(
                "x", new java.sql.SQLException("Trying to connect with ssl, but ssl not enabled in the server"))));
        assertFalse(ServerConnections.serverHasNoTls(new java.sql.SQLException("PKIX path building failed")));
        assertFalse(ServerConnections.serverHasNoTls(new java.sql.SQLException("Access denied for user")));
    }

    /** Without TLS, MySQL 8 hands out its RSA key only when database.allowPublicKeyRetrieval says so. */
    @Test
    void publicKeyRetrievalOnlyWhenAskedFor() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        s.execute(
                null,
                "CREATE USER 'rsa_user'@'%' IDENTIFIED WITH caching_sha2_password BY 'rsa-pw'",
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'rsa_user'@'%'",
                "CREATE DATABASE IF NOT EXISTS rsa_db");
        Map<String, String> c = SharedFixtures.connector(s, "rsa", "rsa_db");
        c.put("database.user", "rsa_user");
        c.put("database.password", "rsa-pw");
        c.put("database.ssl.mode", "disabled");
        c.put("database.allowPublicKeyRetrieval", "false");
        ConfigInfos refused = SharedFixtures.cluster().validate(CLASS, c);
        List<String> errors = new ArrayList<>(errorsFor(refused, "database.hostname"));
        errors.addAll(errorsFor(refused, "database.password"));
        errors.addAll(errorsFor(refused, "database.user"));
        assertFalse(errors.isEmpty(), "a first caching_sha2_password login without TLS needs the RSA key");
        c.put("database.allowPublicKeyRetrieval", "true");
        ConfigInfos ok = SharedFixtures.cluster().validate(CLASS, c);
        assertTrue(
                errorsFor(ok, "database.hostname").isEmpty(),
                errorsFor(ok, "database.hostname").toString());
        assertTrue(
                errorsFor(ok, "database.password").isEmpty(),
                errorsFor(ok, "database.password").toString());
    }

    private static Map<String, String> merged(Map<String, String> c, String k, String v) {
        c.put(k, v);
        return c;
    }

    private static Path trustStoreWith(Path caPem) throws Exception {
        Certificate ca;
        try (InputStream in = Files.newInputStream(caPem)) {
            ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("mysql-ca", ca);
        Path p = Files.createTempFile("mysql-ca", ".p12");
        try (OutputStream out = Files.newOutputStream(p)) {
            ks.store(out, "changeit".toCharArray());
        }
        return p;
    }
}
