package io.entitynotifier.connect.common.metrics;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.entitynotifier.connect.common.event.Envelope;
import io.entitynotifier.connect.common.event.SourceInfo;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * Counters and gauges of one task, registered as an MBean so that JMX tools, the worker's REST extension
 * ({@code /cdc/metrics}, {@code /cdc/dashboard}) and Prometheus exporters all read the same figures. Updated from the
 * poll thread; read from any thread (fields are volatile, counters are only ever written by one thread).
 */
public final class TaskMetrics implements TaskMetricsMBean {

    public static final String DOMAIN = "io.entitynotifier.connect";
    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);
    private static final long SNAPSHOT_LOG_INTERVAL_MS = 10_000;

    private final String connector;
    private final String tenant;
    private final String type;
    private final LongSupplier clock;
    private ObjectName name;

    private volatile boolean connected;
    private volatile long lastEventMs;
    private volatile long lastSourceTsMs;
    private volatile long total;
    private volatile long creates;
    private volatile long updates;
    private volatile long deletes;
    private volatile long reads;
    private volatile long transactions;
    private volatile boolean snapshotRunning;
    private volatile boolean snapshotCompleted;
    private volatile int tables;
    private volatile int tablesDone;
    private volatile long snapshotRowsTotal;
    private volatile long snapshotStartMs;
    private volatile long snapshotEndMs;
    private long lastSnapshotLog;
    private volatile long errors;
    private volatile String lastError = "";
    private volatile long rateWindowStart;
    private volatile long rateWindowTotal;
    /** Records handed to Connect; written by the task thread only. */
    private volatile long delivered;

    private volatile double rate;

    private volatile IntSupplier queueCapacity = () -> 0;
    private volatile IntSupplier queueRemaining = () -> 0;
    private volatile LongSupplier throttled = () -> 0;
    private volatile java.util.function.DoubleSupplier throttleLimit = () -> 0;
    private volatile LongSupplier bulk = () -> 0;
    private volatile LongSupplier buffered = () -> 0;
    private volatile LongSupplier bufferedBytes = () -> 0;
    private volatile LongSupplier queueBytes = () -> 0;
    private volatile java.util.function.Supplier<Long> slotRetainedWalBytes = () -> null;

    public TaskMetrics(String connector, String tenant, String type, LongSupplier clock) {
        this.connector = connector;
        this.tenant = tenant == null ? "" : tenant;
        this.type = type;
        this.clock = clock;
        this.rateWindowStart = clock.getAsLong();
    }

    /** Registers the MBean (replacing one left by an earlier run of the same task in this worker). */
    public TaskMetrics register(int task) {
        try {
            name = new ObjectName(DOMAIN + ":type=connector-metrics,connector=" + ObjectName.quote(connector)
                    + ",tenant=" + ObjectName.quote(tenant) + ",task=" + task);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            try {
                server.registerMBean(this, name);
            } catch (InstanceAlreadyExistsException e) {
                server.unregisterMBean(name);
                server.registerMBean(this, name);
            }
        } catch (JMException e) {
            log.warn("Could not register metrics for {}: {}", connector, e.getMessage());
        }
        return this;
    }

    public void unregister() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException ignored) {
            // already gone
        }
    }

    public ObjectName objectName() {
        return name;
    }

    // ---- updates from the task ----

    /** Counts records read from the source, before bulk handling drops or summarizes any. */
    public void onRead(List<PendingRecord> records) {
        long now = clock.getAsLong();
        for (PendingRecord p : records) {
            SourceRecord r = p.record();
            // Fields by position, not name: Struct.getString(name) looks the field up and checks its type each time.
            Field op;
            if (!(r.value() instanceof Struct s) || (op = s.schema().field(Envelope.OP)) == null) {
                continue;
            }
            total++;
            switch ((String) s.get(op)) {
                case "c" -> creates++;
                case "u" -> updates++;
                case "d" -> deletes++;
                case "r" -> reads++;
                default -> {}
            }
            lastEventMs = now;
            // The source's commit time is source.ts_ms; the envelope's ts_ms is the processing time (Debezium).
            Field srcField = s.schema().field(Envelope.SOURCE);
            if (srcField != null && s.get(srcField) instanceof Struct src) {
                Field tsField = src.schema().field(SourceInfo.TS_MS);
                if (tsField != null && src.get(tsField) instanceof Long ts) {
                    lastSourceTsMs = ts;
                }
            }
            if (p.endsSourceTransaction()) {
                transactions++;
            }
        }
        if (snapshotRunning && now - lastSnapshotLog >= SNAPSHOT_LOG_INTERVAL_MS) {
            lastSnapshotLog = now;
            logSnapshotProgress(now);
        }
    }

    /**
     * Counts records handed to Connect (after throttling): {@code CurrentEventsPerSecond} is their rate, so a
     * throttled task shows its paced rate, not how fast it reads.
     */
    public void onDelivered(int records) {
        long now = clock.getAsLong();
        delivered += records;
        if (now - rateWindowStart >= 1_000) {
            rate = (delivered - rateWindowTotal) * 1000.0 / (now - rateWindowStart);
            rateWindowStart = now;
            rateWindowTotal = delivered;
        }
    }

    public void connected(boolean value) {
        connected = value;
    }

    /** Synchronized: unlike the other counters it has several writers (the task thread and a reader thread). */
    public synchronized void error(Throwable t) {
        errors++;
        lastError = String.valueOf(t.getMessage());
    }

    /** A snapshot of {@code tableCount} tables holding about {@code rowsTotal} rows (0 if unknown) begins. */
    public void snapshotStarted(int tableCount, long rowsTotal) {
        tables = tableCount;
        tablesDone = 0;
        snapshotRowsTotal = rowsTotal;
        snapshotRunning = true;
        snapshotCompleted = false;
        snapshotStartMs = clock.getAsLong();
        lastSnapshotLog = snapshotStartMs;
    }

    /** How long the snapshot ran (so far, while it runs); 0 before one started. */
    public long snapshotDurationMs() {
        if (snapshotStartMs == 0) {
            return 0;
        }
        return (snapshotRunning || snapshotEndMs == 0 ? clock.getAsLong() : snapshotEndMs) - snapshotStartMs;
    }

    public void snapshotTableDone() {
        tablesDone++;
    }

    public void snapshotCompleted() {
        snapshotEndMs = clock.getAsLong();
        snapshotRunning = false;
        snapshotCompleted = true;
        tablesDone = tables;
        log.info(
                "Snapshot of {} complete: {} rows in {} s",
                connector,
                reads,
                (clock.getAsLong() - snapshotStartMs) / 1000);
    }

    public void queue(IntSupplier capacity, IntSupplier remaining) {
        this.queueCapacity = capacity;
        this.queueRemaining = remaining;
    }

    /** Capacity, remaining capacity and queued bytes of the reader's queue. */
    public void queue(io.entitynotifier.connect.common.txn.ChangeQueue queue) {
        queue(queue::capacity, queue::remainingCapacity);
        this.queueBytes = queue::bytes;
    }

    /** Estimated bytes held in memory (tenant.max.buffered.bytes bounds it; 0 when no bound is set). */
    public void bufferedBytes(LongSupplier bytes) {
        this.bufferedBytes = bytes;
    }

    /** The PostgreSQL slot's retained WAL in bytes, or null when unknown (see the MBean attribute). */
    public void slotRetainedWalBytes(java.util.function.Supplier<Long> bytes) {
        this.slotRetainedWalBytes = bytes;
    }

    public void sources(
            LongSupplier throttledMs,
            java.util.function.DoubleSupplier limit,
            LongSupplier bulkDetected,
            LongSupplier bufferedRecords) {
        this.throttled = throttledMs;
        this.throttleLimit = limit;
        this.bulk = bulkDetected;
        this.buffered = bufferedRecords;
    }

    private void logSnapshotProgress(long now) {
        double secs = Math.max(0.001, (now - snapshotStartMs) / 1000.0);
        double perSec = reads / secs;
        if (snapshotRowsTotal > 0) {
            double pct = Math.min(100.0, 100.0 * reads / snapshotRowsTotal);
            long eta = perSec > 0 ? (long) (Math.max(0, snapshotRowsTotal - reads) / perSec) : -1;
            log.info(
                    "Snapshot of {}: {}% ({} of about {} rows), {} rows/s, ETA {} s, tables {}/{}",
                    connector,
                    String.format("%.1f", pct),
                    reads,
                    snapshotRowsTotal,
                    (long) perSec,
                    eta,
                    tablesDone,
                    tables);
        } else {
            log.info(
                    "Snapshot of {}: {} rows, {} rows/s, tables {}/{}",
                    connector,
                    reads,
                    (long) perSec,
                    tablesDone,
                    tables);
        }
    }

    // ---- MBean attributes ----

    @Override
    public String getConnectorName() {
        return connector;
    }

    @Override
    public String getTenantId() {
        return tenant;
    }

    @Override
    public String getConnectorType() {
        return type;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public long getMilliSecondsBehindSource() {
        return lastSourceTsMs == 0 ? -1 : Math.max(0, lastEventMs - lastSourceTsMs);
    }

    @Override
    public long getMilliSecondsSinceLastEvent() {
        return lastEventMs == 0 ? -1 : clock.getAsLong() - lastEventMs;
    }

    @Override
    public long getTotalNumberOfEventsSeen() {
        return total;
    }

    @Override
    public long getNumberOfCreateEventsSeen() {
        return creates;
    }

    @Override
    public long getNumberOfUpdateEventsSeen() {
        return updates;
    }

    @Override
    public long getNumberOfDeleteEventsSeen() {
        return deletes;
    }

    @Override
    public long getNumberOfReadEventsSeen() {
        return reads;
    }

    @Override
    public long getNumberOfCommittedTransactions() {
        return transactions;
    }

    @Override
    public int getQueueTotalCapacity() {
        return queueCapacity.getAsInt();
    }

    @Override
    public int getQueueRemainingCapacity() {
        return queueRemaining.getAsInt();
    }

    @Override
    public boolean isSnapshotRunning() {
        return snapshotRunning;
    }

    @Override
    public boolean isSnapshotCompleted() {
        return snapshotCompleted;
    }

    @Override
    public int getTotalTableCount() {
        return tables;
    }

    @Override
    public int getRemainingTableCount() {
        return Math.max(0, tables - tablesDone);
    }

    @Override
    public long getRowsScanned() {
        return reads;
    }

    @Override
    public long getSnapshotRowsTotal() {
        return snapshotRowsTotal;
    }

    @Override
    public long getThrottledTimeMs() {
        return throttled.getAsLong();
    }

    @Override
    public double getThrottleLimitEventsPerSecond() {
        return throttleLimit.getAsDouble();
    }

    @Override
    public double getCurrentEventsPerSecond() {
        long now = clock.getAsLong();
        if (now - rateWindowStart > 2_000) {
            return (delivered - rateWindowTotal) * 1000.0 / (now - rateWindowStart);
        }
        return rate;
    }

    @Override
    public long getBulkOperationsDetected() {
        return bulk.getAsLong();
    }

    @Override
    public long getBufferedRecords() {
        return buffered.getAsLong();
    }

    @Override
    public long getBufferedBytes() {
        return bufferedBytes.getAsLong() + queueBytes.getAsLong();
    }

    @Override
    public long getNumberOfErrors() {
        return errors;
    }

    @Override
    public Long getPostgresSlotRetainedWalBytes() {
        return slotRetainedWalBytes.get();
    }

    @Override
    public String getLastError() {
        return lastError;
    }
}
