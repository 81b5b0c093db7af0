package io.entitynotifier.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A private database server and the workloads on it. */
interface Source extends AutoCloseable {

    String name();

    Connection connect() throws SQLException;

    /** Empties the table, creates the log positions of {@code runs}, then writes n inserts in transactions of txn. */
    void prepareCatchup(int txn, int n, long base, List<String> runs) throws Exception;

    /**
     * True when a connector cannot start reading at a position before the workload (MySQL: Debezium 3.6 has no
     * snapshot.mode=never): the catch-up then deploys, waits for a warm-up row, stops the connector, loads, resumes.
     */
    boolean catchupByStopResume();

    /** n inserts (ids base+1..base+n) in transactions of txn rows. */
    void load(int txn, int n, long base) throws Exception;

    /** The {@link MixedWorkload}'s changes (ids base+1..base+m.ids() inserted, some updated, some deleted). */
    void loadMixed(MixedWorkload m) throws Exception;

    /** {@link #prepareCatchup} for the mixed workload. */
    void prepareMixedCatchup(MixedWorkload m, List<String> runs) throws Exception;

    /** An empty table and a fresh log position for a streaming run. */
    void prepareStream(String run) throws Exception;

    void prepareSnapshot(int n) throws Exception;

    /** A statement inserting one row (parameter 1: id) that commits on its own. */
    PreparedStatement insertOne(Connection c) throws SQLException;

    String topic(String prefix, boolean snapshot);

    Map<String, String> config(String kind, String run, String prefix, boolean snapshot, boolean eos, String bootstrap);

    void afterRun(String run);

    /** Reads the log alone (no Kafka) for {@code n} inserts; events/s. */
    double rawRate(String run, int n) throws Exception;
}
