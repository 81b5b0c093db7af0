package io.entitynotifier.connect.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.signal.SignalConfig;
import io.entitynotifier.connect.postgres.Catalog.CapturedTable;
import io.entitynotifier.connect.postgres.incremental.PostgresIncrementalSnapshot;
import io.entitynotifier.connect.postgres.incremental.SnapshotTables.TableRef;

/** Builds the task's {@link PostgresIncrementalSnapshot}, lending it the catalog of this package. */
final class IncrementalSetup {

    private IncrementalSetup() {}

    /**
     * The signals and incremental snapshots, or null when no channel is configured (no signal table, no Kafka
     * channel) and no incremental snapshot is to be resumed.
     *
     * @param resumed the state from the stored offset, or null
     */
    static PostgresIncrementalSnapshot create(
            PostgresConnectorConfig config,
            PostgresConnections connections,
            Catalog catalog,
            RelationSchemaReader schemas,
            PostgresSourceInfo source,
            ChangeRecordFactory factory,
            String resumed) {
        String signal = SignalConfig.signalTable(config);
        boolean kafka = SignalConfig.channel(config, "kafka");
        if (signal == null && !kafka && resumed == null) {
            return null;
        }
        PostgresIncrementalSnapshot s = new PostgresIncrementalSnapshot(
                signal == null ? null : signalTableId(config, signal),
                SignalConfig.channel(config, "source"),
                new CatalogTables(config, catalog, schemas),
                () -> {
                    try {
                        return connections.sql();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                },
                source,
                factory,
                SignalConfig.chunkSize(config),
                config.unavailableValuePlaceholder(),
                resumed);
        s.kafka(SignalConfig.kafkaChannel(config, config.topicPrefix(), s.signalOffset()));
        return s;
    }

    /** {@code signal.data.collection} as {@code <schema>.<table>} (a leading database name is allowed). */
    static TableId signalTableId(PostgresConnectorConfig config, String id) {
        String[] parts = id.split("\\.");
        if (parts.length == 3 && parts[0].equals(config.dbname())) {
            return new TableId(config.dbname(), parts[1], parts[2]);
        }
        if (parts.length != 2) {
            return null;
        }
        return new TableId(config.dbname(), parts[0], parts[1]);
    }

    /** The captured tables, read from the catalog at each use (a signal may name a table created since). */
    private record CatalogTables(PostgresConnectorConfig config, Catalog catalog, RelationSchemaReader schemas)
            implements io.entitynotifier.connect.postgres.incremental.SnapshotTables {

        @Override
        public TableRef find(String identifier) throws SQLException {
            for (CapturedTable t : captured0()) {
                if (t.id().identifier().equals(identifier)) {
                    return new TableRef(t.id(), t.oid());
                }
            }
            return null;
        }

        @Override
        public List<String> captured() throws SQLException {
            return captured0().stream().map(t -> t.id().identifier()).toList();
        }

        private List<CapturedTable> captured0() throws SQLException {
            return catalog.allTables().stream()
                    .filter(t -> config.tableFilter().includes(t.id()))
                    .toList();
        }

        @Override
        public CapturedRelation relation(TableRef t) throws SQLException {
            return schemas.forRead(t.id(), t.oid());
        }

        @Override
        public List<String> primaryKey(TableRef t) throws SQLException {
            return catalog.primaryKey(t.oid());
        }

        @Override
        public Map<String, String> sqlTypes(TableRef t) throws SQLException {
            return catalog.sqlTypes(t.oid());
        }
    }

    /** For validation: the problem with {@code signal.data.collection}, or null. */
    static String signalTableProblem(Connection c, PostgresConnectorConfig config, List<CapturedTable> captured)
            throws SQLException {
        String signal = SignalConfig.signalTable(config);
        if (signal == null) {
            return null;
        }
        TableId id = signalTableId(config, signal);
        if (id == null) {
            return "'" + signal + "' must be named '<schema>.<table>'";
        }
        CapturedTable t = captured.stream()
                .filter(x -> x.id().identifier().equals(id.identifier()))
                .findFirst()
                .orElse(null);
        if (t == null) {
            return "table '" + signal + "' does not exist or is not captured: add it to table.include.list (and "
                    + "the publication), as its inserts reach the connector through the replication stream";
        }
        List<String> cols = columnNames(c, t.oid());
        for (String col : List.of("id", "type", "data")) {
            if (!cols.contains(col)) {
                return "table '" + signal + "' has no column '" + col + "' (Debezium's signal table has id, type "
                        + "and data)";
            }
        }
        return null;
    }

    private static List<String> columnNames(Connection c, int oid) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (var ps = c.prepareStatement(
                "SELECT attname FROM pg_attribute WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped")) {
            ps.setInt(1, oid);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
