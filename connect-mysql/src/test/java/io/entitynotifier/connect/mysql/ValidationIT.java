package io.entitynotifier.connect.mysql;

import static io.entitynotifier.connect.common.testing.ConnectTestCluster.errorsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;
import io.entitynotifier.connect.mysql.testing.DatabaseServer;
import io.entitynotifier.connect.mysql.testing.DatabaseServer.Flavor;
import io.entitynotifier.connect.mysql.testing.SharedFixtures;

/** Bad server setups and bad settings get an error on the key they concern, through the validate REST call. */
class ValidationIT {

    private static final String CLASS = MySqlSourceConnector.class.getName();

    private static String joined(List<String> errors) {
        return String.join(" | ", errors);
    }

    @Test
    void goodSetupValidatesCleanly() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        s.execute(
                null,
                "CREATE DATABASE IF NOT EXISTS valid_ok",
                "CREATE TABLE IF NOT EXISTS valid_ok.t (id INT PRIMARY KEY)");
        Map<String, String> c = SharedFixtures.connector(s, "validok", "valid_ok");
        c.put("name", "validok");
        ConfigInfos infos = SharedFixtures.cluster().validate(CLASS, c);
        List<String> errors = infos.configs().stream()
                .flatMap(v -> v.configValue().errors().stream())
                .toList();
        assertEquals(List.of(), errors);
    }

    @Test
    void serverWithoutRowBinlogMetadataOrImageIsRejected() throws Exception {
        try (DatabaseServer s = DatabaseServer.start(
                Flavor.MARIADB,
                "--binlog-format=STATEMENT",
                "--binlog-row-image=MINIMAL",
                "--binlog-row-metadata=MINIMAL")) {
            List<String> host = errorsFor(
                    SharedFixtures.cluster().validate(CLASS, SharedFixtures.connector(s, "badfmt", "x")),
                    "database.hostname");
            assertTrue(joined(host).contains("binlog_format is STATEMENT"), joined(host));
            assertTrue(joined(host).contains("binlog_row_image is MINIMAL"), joined(host));
            assertTrue(joined(host).contains("binlog_row_metadata is MINIMAL"), joined(host));
            assertTrue(joined(host).contains("binlog_row_metadata=FULL"), "says how to fix it: " + joined(host));
        }
    }

    @Test
    void serverWithoutBinlogIsRejected() throws Exception {
        try (DatabaseServer s = DatabaseServer.start(Flavor.MARIADB, "--skip-log-bin")) {
            List<String> host = errorsFor(
                    SharedFixtures.cluster().validate(CLASS, SharedFixtures.connector(s, "nobinlog", "x")),
                    "database.hostname");
            assertTrue(joined(host).contains("binary logging is off"), joined(host));
        }
    }

    @Test
    void missingPrivilegesServerIdClashAndBadPasswordAreNamed() throws Exception {
        DatabaseServer s = SharedFixtures.server(Flavor.MYSQL8);
        s.execute(
                null,
                "CREATE USER IF NOT EXISTS 'weak'@'%' IDENTIFIED BY 'weak-pw'",
                "GRANT SELECT ON *.* TO 'weak'@'%'");
        ConnectTestCluster cluster = SharedFixtures.cluster();
        Map<String, String> c = SharedFixtures.connector(s, "weak", "x");
        c.put("database.user", "weak");
        c.put("database.password", "weak-pw");
        c.put("database.server.id", "1");
        ConfigInfos infos = cluster.validate(CLASS, c);
        String user = joined(errorsFor(infos, "database.user"));
        assertTrue(user.contains("REPLICATION SLAVE"), user);
        assertTrue(user.contains("REPLICATION CLIENT"), user);
        String id = joined(errorsFor(infos, "database.server.id"));
        assertTrue(id.contains("the server's own server_id"), id);
        String dbs = joined(errorsFor(infos, "database.include.list"));
        assertTrue(dbs.contains("'x' matches no database"), dbs);

        Map<String, String> wrong = SharedFixtures.connector(s, "wrongpw", "x");
        wrong.put("database.password", "nope");
        String pw = joined(errorsFor(cluster.validate(CLASS, wrong), "database.password"));
        assertTrue(pw.contains("cannot connect"), pw);

        Map<String, String> typo = SharedFixtures.connector(s, "typo", "valid_ok");
        typo.put("table.include.list", "valid_ok\\.nosuchtable");
        s.execute(null, "CREATE DATABASE IF NOT EXISTS valid_ok");
        String tables = joined(errorsFor(cluster.validate(CLASS, typo), "table.include.list"));
        assertTrue(tables.contains("matches no table"), tables);

        Map<String, String> badMode = SharedFixtures.connector(s, "badmode", "x");
        badMode.put("snapshot.mode", "sometimes");
        assertTrue(!errorsFor(cluster.validate(CLASS, badMode), "snapshot.mode").isEmpty());
    }

    @Test
    void creatingTheConnectorOnAServerNotSetUpIsRefusedWithTheReason() throws Exception {
        try (DatabaseServer s = DatabaseServer.start(Flavor.MARIADB, "--binlog-row-metadata=MINIMAL")) {
            ConnectTestCluster cluster = SharedFixtures.cluster();
            ConnectRestException e = assertThrows(
                    ConnectRestException.class,
                    () -> cluster.connect()
                            .configureConnector("notsetup", merged(SharedFixtures.connector(s, "notsetup", "x"))));
            assertTrue(e.getMessage().contains("binlog_row_metadata is MINIMAL but must be FULL"), e.getMessage());
        }
    }

    private static Map<String, String> merged(Map<String, String> c) {
        Map<String, String> all = ConnectTestCluster.exactlyOnceDefaults();
        all.putAll(c);
        return all;
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void aSecondReaderWithTheSameServerIdIsNamedInTheError(Flavor flavor) throws Exception {
        try (DatabaseServer s = DatabaseServer.start(flavor)) {
            ConnectTestCluster cluster = SharedFixtures.cluster();
            s.execute(null, "CREATE DATABASE clash", "CREATE TABLE clash.t (id INT PRIMARY KEY)");
            String a = "clash" + flavor.ordinal() + "a";
            String b = "clash" + flavor.ordinal() + "b";
            Map<String, String> first = SharedFixtures.connector(s, a, "clash");
            cluster.deploy(a, first);
            Map<String, String> second = SharedFixtures.connector(s, b, "clash");
            second.put("database.server.id", first.get("database.server.id"));
            cluster.deploy(b, second);
            // One of the two (which depends on the server) fails and names the setting.
            String[] trace = new String[1];
            TestUtils.waitForCondition(
                    () -> {
                        for (String name : List.of(a, b)) {
                            var st = cluster.status(name);
                            if (st != null
                                    && !st.tasks().isEmpty()
                                    && "FAILED".equals(st.tasks().get(0).state())) {
                                trace[0] = st.tasks().get(0).trace();
                                return true;
                            }
                        }
                        return false;
                    },
                    120_000,
                    "neither reader with the shared server id failed");
            assertTrue(trace[0].contains("database.server.id"), trace[0]);
            cluster.connect().deleteConnector(a);
            cluster.connect().deleteConnector(b);
        }
    }
}
