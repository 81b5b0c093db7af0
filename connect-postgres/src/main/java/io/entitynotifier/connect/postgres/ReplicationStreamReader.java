package io.entitynotifier.connect.postgres;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.config.EventConfig;
import io.entitynotifier.connect.common.event.ChangeRecordFactory;
import io.entitynotifier.connect.common.event.Heartbeat;
import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.common.event.SkippedOperations;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.metrics.TaskMetrics;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.txn.PendingRecord;
import io.entitynotifier.connect.postgres.PgOutputMessage.Begin;
import io.entitynotifier.connect.postgres.PgOutputMessage.Commit;
import io.entitynotifier.connect.postgres.PgOutputMessage.Delete;
import io.entitynotifier.connect.postgres.PgOutputMessage.Insert;
import io.entitynotifier.connect.postgres.PgOutputMessage.Relation;
import io.entitynotifier.connect.postgres.PgOutputMessage.Truncate;
import io.entitynotifier.connect.postgres.PgOutputMessage.Update;
import io.entitynotifier.connect.postgres.incremental.PostgresIncrementalSnapshot;

/**
 * Streams pgoutput from the slot and turns it into change records. Each change is held back until the next one (or
 * the Commit) arrives, because only then is it known whether it ends its transaction and what its offset is: inside a
 * transaction the offset is (commit LSN, events delivered), at its end the commit's end LSN. A stream started from an
 * offset inside a transaction skips the events already delivered. Positions are confirmed to the server only when
 * the task reports them committed in Kafka ({@link #confirm}).
 */
public final class ReplicationStreamReader {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationStreamReader.class);
    /** Microseconds between the Unix epoch and PostgreSQL's epoch, 2000-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final PostgresConnectorConfig config;
    private final PostgresConnections connections;
    private final Catalog catalog;
    private final RelationSchemaReader schemas;
    private final PostgresSourceInfo sourceInfo;
    private final SkippedOperations skipped;
    private final ChangeRecordFactory factory;
    private final RecordSink sink;
    private final Heartbeat heartbeat;
    private final AtomicLong confirmTarget = new AtomicLong(-1);
    private final TaskMetrics metrics;
    /** Signals and incremental snapshots, or null when neither channel is configured. */
    private PostgresIncrementalSnapshot incremental;

    private volatile Connection replication;
    private volatile boolean connected;
    private PostgresOffset position;
    private long confirmed = -1;
    /**
     * The confirmable LSN of the last record handed to the sink (Long.MAX_VALUE while it is inside a transaction);
     * once the task confirms it, everything the server sent has been committed in Kafka. Survives reconnects.
     */
    private long awaited = -1;

    // The open transaction.
    private Begin txn;
    private long txnEvents;
    private long skipEvents;
    private boolean skipTxn;
    private HeldChange held;
    private String txnId;
    private Long lastCommitLsn;

    /** A decoded change waiting for its successor. */
    private record HeldChange(
            CapturedRelation rel,
            Operation op,
            Object[] before,
            Object[] after,
            Struct source,
            String txnId,
            long tsMs,
            long eventNo,
            List<String> unavailable) {}

    public ReplicationStreamReader(
            PostgresConnectorConfig config,
            PostgresConnections connections,
            Catalog catalog,
            RelationSchemaReader schemas,
            PostgresSourceInfo sourceInfo,
            ChangeRecordFactory factory,
            RecordSink sink,
            Heartbeat heartbeat,
            TaskMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.connections = connections;
        this.catalog = catalog;
        this.schemas = schemas;
        this.sourceInfo = sourceInfo;
        this.skipped = EventConfig.skippedOperations(config);
        this.factory = factory;
        this.sink = sink;
        this.heartbeat = heartbeat;
    }

    /** Signals and incremental snapshots (before the first {@link #stream}); null: none. */
    public void incremental(PostgresIncrementalSnapshot incremental) {
        this.incremental = incremental;
    }

    /** A record's offset: the position plus the incremental snapshot's state. */
    private Map<String, Object> offsetMap(PostgresOffset offset) {
        Map<String, Object> m = offset.toMap();
        if (incremental != null) {
            PostgresIncrementalSnapshot.put(m, incremental.state());
        }
        return m;
    }

    /** The offset of the last record handed to the sink (or the start position): where a reconnect resumes. */
    public PostgresOffset position() {
        return position;
    }

    /** True once the current session's stream started; lets the caller reset its retry count. */
    public boolean connected() {
        return connected;
    }

    /** Called by the task when a record with a confirmable LSN is committed in Kafka (any thread). */
    public void confirm(long lsn) {
        confirmTarget.accumulateAndGet(lsn, Math::max);
    }

    /** Closes the replication connection from another thread, ending {@link #stream}. */
    public void abort() {
        Connection c = replication;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    /** Streams from {@code from} until {@code running} turns false; throws when the connection fails. */
    public void stream(PostgresOffset from, BooleanSupplier running) throws SQLException, InterruptedException {
        position = from;
        connected = false;
        txn = null;
        held = null;
        try (Connection c = connections.replication()) {
            replication = c;
            PGReplicationStream stream = c.unwrap(PGConnection.class)
                    .getReplicationAPI()
                    .replicationStream()
                    .logical()
                    .withSlotName(config.slotName())
                    .withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", config.publicationName())
                    .withStartPosition(LogSequenceNumber.valueOf(from.lsn()))
                    .withStatusInterval(config.statusUpdateIntervalMs(), TimeUnit.MILLISECONDS)
                    .withAutomaticFlush(false)
                    .start();
            connected = true;
            metrics.connected(true);
            if (incremental != null) {
                incremental.streamStarted();
            }
            LOG.info(
                    "Streaming from slot {} at {} ({} events of that transaction already delivered)",
                    config.slotName(),
                    LogSequenceNumber.valueOf(from.lsn()).asString(),
                    from.txnEvents());
            while (running.getAsBoolean()) {
                confirmIfDue(stream);
                if (incremental != null) {
                    incremental.tick(); // signals from Kafka; the next chunk of an incremental snapshot
                }
                ByteBuffer buf = stream.readPending();
                if (buf == null) {
                    // Not while resuming inside a transaction: the rest of it is still to come.
                    if (txn == null && !position.insideTransaction()) {
                        confirmIdle(stream);
                        maybeHeartbeat(stream);
                    }
                    Thread.sleep(5); // readPending does not block; the server has nothing for us right now
                    continue;
                }
                handle(PgOutputDecoder.decode(buf), stream.getLastReceiveLSN().asLong());
            }
        } finally {
            replication = null;
        }
    }

    private void confirmIfDue(PGReplicationStream stream) throws SQLException {
        long target = confirmTarget.get();
        if (target > confirmed) {
            LogSequenceNumber lsn = LogSequenceNumber.valueOf(target);
            stream.setFlushedLSN(lsn);
            stream.setAppliedLSN(lsn);
            stream.forceUpdateStatus();
            confirmed = target;
        }
    }

    /**
     * Between transactions, with every delivered record committed in Kafka, confirms the server's last reported WAL
     * position: nothing before it is still to be delivered. Keeps the slot from pinning WAL written for other tables
     * and lets a server shutdown finish (its WAL senders wait for the client to confirm the shutdown checkpoint).
     */
    private void confirmIdle(PGReplicationStream stream) throws SQLException {
        long received = stream.getLastReceiveLSN().asLong();
        if (held == null && received > confirmed && confirmTarget.get() >= awaited) {
            LogSequenceNumber lsn = LogSequenceNumber.valueOf(received);
            stream.setFlushedLSN(lsn);
            stream.setAppliedLSN(lsn);
            stream.forceUpdateStatus();
            confirmed = received;
        }
    }

    /** The records handed over before streaming (the snapshot's) are all committed once {@code lsn} is confirmed. */
    public void awaitConfirmationOf(long lsn) {
        awaited = lsn;
    }

    private void maybeHeartbeat(PGReplicationStream stream) throws SQLException, InterruptedException {
        // Between transactions everything before the server's last reported position has been received.
        long lsn = Math.max(position.lsn(), stream.getLastReceiveLSN().asLong());
        PostgresOffset at = PostgresOffset.betweenTransactions(lsn, position.txId());
        SourceRecord beat = heartbeat.maybeBeat(offsetMap(at));
        if (beat == null) {
            return;
        }
        String query = config.heartbeatActionQuery();
        if (!query.isEmpty()) {
            try (Statement s = catalog.connection().createStatement()) {
                s.execute(query);
            }
        }
        sink.accept(List.of(PendingRecord.last(beat)));
        position = at;
        awaited = at.lsn();
    }

    private void handle(PgOutputMessage message, long messageLsn) throws SQLException, InterruptedException {
        if (message instanceof Begin b) {
            begin(b);
        } else if (message instanceof Commit c) {
            commit(c);
        } else if (message instanceof Relation r) {
            schemas.onRelation(r);
        } else if (message instanceof Insert i) {
            change(
                    i.relationOid(), Operation.CREATE, messageLsn, (rel, unavailable) -> new Object[][] {
                        null, rel.row(i.newTuple(), null, unavailable, config.unavailableValuePlaceholder())
                    });
        } else if (message instanceof Update u) {
            change(u.relationOid(), Operation.UPDATE, messageLsn, (rel, unavailable) -> update(rel, u, unavailable));
        } else if (message instanceof Delete d) {
            change(d.relationOid(), Operation.DELETE, messageLsn, (rel, unavailable) -> {
                Object[] old = rel.row(d.oldTuple(), null, unavailable, config.unavailableValuePlaceholder());
                return new Object[][] {d.oldIsKeyOnly() ? rel.keyOnly(old) : old, null};
            });
        } else if (message instanceof Truncate t) {
            for (int oid : t.relationOids()) {
                change(oid, Operation.TRUNCATE, messageLsn, (rel, unavailable) -> new Object[][] {null, null});
            }
        }
    }

    private Object[][] update(CapturedRelation rel, Update u, List<String> unavailable) {
        String placeholder = config.unavailableValuePlaceholder();
        Object[] before = u.oldTuple() == null ? null : rel.row(u.oldTuple(), null, unavailable, placeholder);
        boolean fullBefore = before != null && !u.oldIsKeyOnly();
        Object[] after = rel.row(u.newTuple(), fullBefore ? before : null, unavailable, placeholder);
        if (before != null && !fullBefore) { // the key changed: the server sent the old key only
            before = rel.keyOnly(before);
        }
        return new Object[][] {before, after};
    }

    /** Decodes a change's {before, after} rows, noting columns whose unchanged TOASTed value was not sent. */
    @FunctionalInterface
    private interface Images {
        Object[][] of(CapturedRelation rel, List<String> unavailable);
    }

    private void begin(Begin b) {
        txn = b;
        txnEvents = 0;
        skipEvents = 0;
        skipTxn = false;
        txnId = b.xid() + ":" + b.finalLsn();
        if (b.finalLsn() < position.lsn()) {
            skipTxn = true; // committed before our position: already delivered
        } else if (position.insideTransaction() && b.finalLsn() == position.lsn()) {
            skipEvents = position.txnEvents(); // resuming inside this transaction
        }
    }

    /** Taking over from Debezium's offset: a change of its last transaction that it delivered already. */
    private boolean deliveredByDebezium(long messageLsn) {
        return position.takeover()
                && position.txId() != null
                && txn.xid() == position.txId()
                && messageLsn <= position.takeoverEventLsn();
    }

    private void change(int oid, Operation op, long messageLsn, Images images) throws InterruptedException {
        if (txn == null) {
            throw new ConnectException("pgoutput change outside a transaction at LSN " + lsn(messageLsn));
        }
        CapturedRelation rel = schemas.get(oid);
        if (rel == null) {
            if (schemas.isIgnored(oid)) {
                return;
            }
            throw new ConnectException("change for relation OID " + oid + " at LSN " + lsn(messageLsn)
                    + " before any Relation message for it");
        }
        if (skipTxn) {
            return;
        }
        txnEvents++;
        if (skipped.skips(op) && !(op == Operation.CREATE && incremental != null && incremental.isSignalTable(rel))) {
            return; // skipped.operations (never for signals): counted for the resume position only
        }
        if (txnEvents <= skipEvents || deliveredByDebezium(messageLsn)) {
            factory.replayed(txnId, rel.schema().id()); // keep the numbering of the already delivered events
            return;
        }
        List<String> unavailable = new ArrayList<>(0);
        Object[][] imgs;
        try {
            imgs = images.of(rel, unavailable);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConnectException(
                    "Cannot convert the " + op.name().toLowerCase() + " at LSN " + lsn(messageLsn) + " in transaction "
                            + txn.xid() + ": " + e.getMessage(),
                    e);
        }
        TableId id = rel.schema().id();
        long tsMicros = txn.commitTimeMicros() + PG_EPOCH_MICROS;
        long tsMs = Math.floorDiv(tsMicros, 1000L);
        Struct source = sourceInfo.struct(
                tsMicros,
                SourceInfo.Snapshot.FALSE,
                id.catalog(),
                id.schema(),
                id.table(),
                txn.xid(),
                messageLsn,
                lastCommitLsn);
        HeldChange next = new HeldChange(rel, op, imgs[0], imgs[1], source, txnId, tsMs, txnEvents, unavailable);
        if (held != null) {
            emit(held, PostgresOffset.insideTransaction(txn.finalLsn(), txn.xid(), held.eventNo()), false);
        }
        held = next;
    }

    private void commit(Commit c) throws InterruptedException {
        if (txn == null) {
            throw new ConnectException("pgoutput Commit without Begin at LSN " + lsn(c.commitLsn()));
        }
        PostgresOffset end = PostgresOffset.betweenTransactions(c.endLsn(), txn.xid());
        if (held != null) {
            emit(held, end, true);
            held = null;
        } else if (!skipTxn) {
            position = end; // nothing captured in it; later heartbeats may carry this position
        }
        lastCommitLsn = c.commitLsn();
        txn = null;
    }

    private void emit(HeldChange h, PostgresOffset offset, boolean endsTxn) throws InterruptedException {
        List<PendingRecord> out = new ArrayList<>(3);
        if (incremental != null) {
            incremental.beforeEmit(h.rel(), h.op(), h.before(), h.after());
        }
        Map<String, Object> offsetMap = offsetMap(offset);
        if (h.op() == Operation.TRUNCATE) {
            out.add(truncate(h, offsetMap, endsTxn));
        } else {
            factory.emit(
                    h.rel().schema(),
                    h.op(),
                    h.before(),
                    h.after(),
                    h.source(),
                    offsetMap,
                    h.tsMs(),
                    h.txnId(),
                    endsTxn,
                    out);
        }
        if (!h.unavailable().isEmpty()) {
            String cols = String.join(",", h.unavailable());
            for (PendingRecord r : out) {
                r.record().headers().addString("entitynotifier.unavailable.columns", cols);
            }
        }
        sink.accept(out);
        if (incremental != null) {
            List<PendingRecord> chunk = incremental.afterEmit(offsetMap, endsTxn, offset.lsn());
            if (!chunk.isEmpty()) {
                sink.accept(chunk);
            }
        }
        heartbeat.activity();
        position = offset;
        awaited = offset.insideTransaction() ? Long.MAX_VALUE : offset.lsn();
    }

    private PendingRecord truncate(HeldChange h, Map<String, Object> offset, boolean endsTxn) {
        List<PendingRecord> one = new ArrayList<>(1);
        factory.truncate(h.rel().schema(), h.source(), offset, h.tsMs(), h.txnId(), endsTxn, one);
        return one.get(0);
    }

    private static String lsn(long lsn) {
        return LogSequenceNumber.valueOf(lsn).asString();
    }
}
