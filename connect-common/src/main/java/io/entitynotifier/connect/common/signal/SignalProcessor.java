package io.entitynotifier.connect.common.signal;

import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies signals to a connector's {@link IncrementalSnapshot}, whatever channel they came from. A signal that
 * cannot be honoured (unknown type, bad JSON, no captured table matches) is logged with the reason and dropped; it
 * never stops the stream. Logs name signal ids, types and table ids, never row values or filters.
 */
public final class SignalProcessor {

    private static final Logger log = LoggerFactory.getLogger(SignalProcessor.class);

    private final IncrementalSnapshot snapshot;
    private final Supplier<List<String>> captured;

    /** @param captured the ids of the tables the connector captures now (the tenant scope applied) */
    public SignalProcessor(IncrementalSnapshot snapshot, Supplier<List<String>> captured) {
        this.snapshot = snapshot;
        this.captured = captured;
    }

    public IncrementalSnapshot snapshot() {
        return snapshot;
    }

    /** Processes one signal; returns whether it was honoured. */
    public boolean process(String id, String type, String data, String where) {
        return process(id, type, data, null, where);
    }

    /** Like {@link #process(String, String, String, String)} with the data already parsed (null: parse data). */
    public boolean process(String id, String type, String data, Object parsedData, String where) {
        Signal s;
        try {
            s = Signal.parse(id, type, data, parsedData);
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring signal '{}' ({}): {}", id, where, e.getMessage());
            return false;
        }
        if (s instanceof Signal.Log l) {
            log.info("Signal '{}' ({}): {}", id, where, l.message());
            return true;
        }
        if (s instanceof Signal.ExecuteSnapshot e) {
            IncrementalSnapshot.Resolution r = snapshot.execute(e, captured.get());
            if (!r.unmatched().isEmpty()) {
                log.warn(
                        "Signal '{}' ({}): data-collections {} match no captured table; left out",
                        id,
                        where,
                        r.unmatched());
            }
            if (r.matched().isEmpty()) {
                log.warn("Ignoring signal '{}' ({}): execute-snapshot names no captured table", id, where);
                return false;
            }
            log.info("Signal '{}' ({}): incremental snapshot of {}; queued now: {}", id, where, r.matched(), snapshot);
            return true;
        }
        Signal.StopSnapshot stop = (Signal.StopSnapshot) s;
        IncrementalSnapshot.Resolution r = snapshot.stop(stop);
        if (!r.unmatched().isEmpty()) {
            log.warn(
                    "Signal '{}' ({}): stop-snapshot of {}, which no running incremental snapshot reads",
                    id,
                    where,
                    r.unmatched());
        }
        log.info(
                "Signal '{}' ({}): stopped the incremental snapshot of {}; queued now: {}",
                id,
                where,
                r.matched(),
                snapshot);
        return true;
    }
}
