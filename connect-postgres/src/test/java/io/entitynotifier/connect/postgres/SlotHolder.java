package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/** Another client streaming from a slot, so the slot is in use. */
final class SlotHolder implements AutoCloseable {

    private final Connection connection;
    private final PGReplicationStream stream;

    SlotHolder(PostgresServer pg, String slot, String publication) throws Exception {
        Properties p = new Properties();
        PGProperty.USER.set(p, "postgres");
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        connection = DriverManager.getConnection(pg.jdbcUrl(PostgresServer.DB), p);
        stream = connection
                .unwrap(PGConnection.class)
                .getReplicationAPI()
                .replicationStream()
                .logical()
                .withSlotName(slot)
                .withSlotOption("proto_version", 1)
                .withSlotOption("publication_names", publication)
                .start();
    }

    @Override
    public void close() throws Exception {
        stream.close();
        connection.close();
    }
}
