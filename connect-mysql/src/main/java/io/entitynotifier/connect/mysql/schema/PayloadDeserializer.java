package io.entitynotifier.connect.mysql.schema;

import java.io.IOException;
import java.util.ArrayList;

import com.github.luben.zstd.Zstd;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/** TRANSACTION_PAYLOAD: the header fields, then the (zstd-compressed) events, decoded with {@code inner}. */
final class PayloadDeserializer implements EventDataDeserializer<TransactionPayloadEventData> {
    private static final int END_MARK = 0, PAYLOAD_SIZE = 1, COMPRESSION_TYPE = 2, UNCOMPRESSED_SIZE = 3;
    private static final int ZSTD = 0, NONE = 255;

    private final EventDeserializer inner;

    PayloadDeserializer(EventDeserializer inner) {
        this.inner = inner;
    }

    @Override
    public TransactionPayloadEventData deserialize(ByteArrayInputStream in) throws IOException {
        TransactionPayloadEventData data = new TransactionPayloadEventData();
        while (in.available() > 0) {
            int field = in.readPackedInteger();
            if (field == END_MARK) {
                break;
            }
            int length = in.readPackedInteger();
            switch (field) {
                case PAYLOAD_SIZE -> data.setPayloadSize(in.readPackedInteger());
                case COMPRESSION_TYPE -> data.setCompressionType(in.readPackedInteger());
                case UNCOMPRESSED_SIZE -> data.setUncompressedSize(in.readPackedInteger());
                default -> in.skip(length);
            }
        }
        byte[] payload = in.read(data.getPayloadSize());
        data.setPayload(payload);
        byte[] events;
        if (data.getCompressionType() == NONE) {
            events = payload;
        } else if (data.getCompressionType() == ZSTD) {
            events = new byte[data.getUncompressedSize()];
            long n = Zstd.decompressByteArray(events, 0, events.length, payload, 0, payload.length);
            if (Zstd.isError(n) || n != events.length) {
                throw new IOException("a compressed transaction does not decompress to its stated size");
            }
        } else {
            throw new IOException("a TRANSACTION_PAYLOAD event uses compression type " + data.getCompressionType()
                    + ", which the connector cannot read");
        }
        ArrayList<Event> out = new ArrayList<>();
        ByteArrayInputStream es = new ByteArrayInputStream(events);
        for (Event e = inner.nextEvent(es); e != null; e = inner.nextEvent(es)) {
            out.add(e);
        }
        data.setUncompressedEvents(out);
        return data;
    }
}
