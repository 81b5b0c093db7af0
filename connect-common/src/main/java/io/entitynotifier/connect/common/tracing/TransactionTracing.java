package io.entitynotifier.connect.common.tracing;

import java.util.List;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.connect.header.Headers;

import io.entitynotifier.connect.common.event.Version;
import io.entitynotifier.connect.common.txn.PendingRecord;

/**
 * One span per source transaction and its W3C {@code traceparent} header on every record of it, when an
 * OpenTelemetry agent or SDK is installed in the worker. Without one, the global OpenTelemetry is the no-op
 * implementation, its propagator writes nothing, and this class does nothing.
 */
public final class TransactionTracing {

    private static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> {
        if (headers != null) {
            headers.remove(key);
            headers.addString(key, value);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean enabled;
    private final String connector;
    private Span current;
    private long events;

    public TransactionTracing(String connector) {
        OpenTelemetry otel = GlobalOpenTelemetry.get();
        this.propagator = otel.getPropagators().getTextMapPropagator();
        this.enabled = !propagator.fields().isEmpty();
        this.tracer = otel.getTracer("io.entitynotifier.connect", Version.get());
        this.connector = connector;
    }

    public boolean enabled() {
        return enabled;
    }

    public void apply(List<PendingRecord> records) {
        if (!enabled) {
            return;
        }
        for (PendingRecord r : records) {
            if (current == null) {
                current = tracer.spanBuilder("cdc.transaction " + connector)
                        .setSpanKind(SpanKind.PRODUCER)
                        .setAttribute("cdc.connector", connector)
                        .startSpan();
                events = 0;
            }
            events++;
            propagator.inject(Context.root().with(current), r.record().headers(), HEADERS);
            if (r.endsSourceTransaction()) {
                current.setAttribute("cdc.events", events);
                current.end();
                current = null;
            }
        }
    }

    public void close() {
        if (current != null) {
            current.end();
            current = null;
        }
    }
}
