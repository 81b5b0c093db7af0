package io.entitynotifier.connect.mysql.schema;

import java.io.IOException;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeader;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * Decodes the temporal cells of binlog row events into {@code java.time} values (proleptic Gregorian calendar, as
 * MySQL stores them), so that no {@code java.util.Calendar} is involved: DATE as {@link LocalDate}, DATETIME as
 * {@link LocalDateTime}, TIMESTAMP as {@link Instant}, TIME as signed microseconds ({@link Long}, the whole
 * -838:59:59.000000..838:59:59.000000 range), YEAR as {@link Integer} (1900 + the stored byte, as Debezium). Zero
 * dates ({@code 0000-00-00}, or a zero month or day) and the zero TIMESTAMP decode to null. Character and binary
 * cells stay bytes. The events inside a compressed transaction (TRANSACTION_PAYLOAD, with
 * {@code binlog_transaction_compression=ON}) are decoded the same way ({@link #inPayload}).
 */
public final class BinlogCells {

    private BinlogCells() {}

    /** An event deserializer whose row events carry the values described above. */
    public static EventDeserializer eventDeserializer() {
        Map<Long, TableMapEventData> tableMaps = new HashMap<>();
        EventDeserializer d = deserializer(tableMaps);
        // The events of a payload have no checksum: a deserializer of their own, sharing the table maps.
        d.setEventDataDeserializer(EventType.TRANSACTION_PAYLOAD, new PayloadDeserializer(deserializer(tableMaps)));
        return d;
    }

    /**
     * An event of a compressed transaction with the outer TRANSACTION_PAYLOAD event's position (inside a payload
     * events carry none), so that offsets and {@code source.pos} refer to the payload in the binlog file.
     */
    public static Event inPayload(Event inner, EventHeaderV4 payload) {
        EventHeaderV4 h = new EventHeaderV4();
        EventHeader ih = inner.getHeader();
        h.setTimestamp(ih.getTimestamp());
        h.setEventType(ih.getEventType());
        h.setServerId(ih instanceof EventHeaderV4 v4 ? v4.getServerId() : payload.getServerId());
        h.setFlags(ih instanceof EventHeaderV4 v4 ? v4.getFlags() : 0);
        h.setEventLength(payload.getEventLength());
        h.setNextPosition(payload.getNextPosition());
        return new Event(h, inner.getData());
    }

    private static EventDeserializer deserializer(Map<Long, TableMapEventData> tableMaps) {
        EventDeserializer d = new EventDeserializer() {
            @Override
            public EventData deserializeTableMapEventData(ByteArrayInputStream in, EventHeader header)
                    throws IOException {
                EventData data = super.deserializeTableMapEventData(in, header);
                EventData tm = data instanceof EventDeserializer.EventDataWrapper w ? w.getInternal() : data;
                if (tm instanceof TableMapEventData t) {
                    tableMaps.put(t.getTableId(), t);
                }
                return data;
            }
        };
        d.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        d.setEventDataDeserializer(EventType.WRITE_ROWS, new Write(tableMaps));
        d.setEventDataDeserializer(EventType.EXT_WRITE_ROWS, new Write(tableMaps).setMayContainExtraInformation(true));
        d.setEventDataDeserializer(EventType.UPDATE_ROWS, new Update(tableMaps));
        d.setEventDataDeserializer(
                EventType.EXT_UPDATE_ROWS, new Update(tableMaps).setMayContainExtraInformation(true));
        d.setEventDataDeserializer(EventType.DELETE_ROWS, new Delete(tableMaps));
        d.setEventDataDeserializer(
                EventType.EXT_DELETE_ROWS, new Delete(tableMaps).setMayContainExtraInformation(true));
        return d;
    }

    private static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return date(in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return datetimeV2(meta, in);
        }

        @Override
        protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
            return timestamp(in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return timestampV2(meta, in);
        }

        @Override
        protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
            return time(in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return timeV2(meta, in);
        }

        @Override
        protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
            return year(in);
        }
    }

    private static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return date(in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return datetimeV2(meta, in);
        }

        @Override
        protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
            return timestamp(in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return timestampV2(meta, in);
        }

        @Override
        protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
            return time(in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return timeV2(meta, in);
        }

        @Override
        protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
            return year(in);
        }
    }

    private static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return date(in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return datetimeV2(meta, in);
        }

        @Override
        protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
            return timestamp(in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return timestampV2(meta, in);
        }

        @Override
        protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
            return time(in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return timeV2(meta, in);
        }

        @Override
        protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
            return year(in);
        }
    }

    /** DATE: 3 bytes little-endian, day in bits 0-4, month in 5-8, year above. */
    static Serializable date(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        return localDate(v >>> 9, (v >>> 5) & 0x0F, v & 0x1F, "DATE");
    }

    /** DATETIME before MySQL 5.6.4: 8 bytes little-endian, the decimal number YYYYMMDDhhmmss. */
    static Serializable datetime(ByteArrayInputStream in) throws IOException {
        long v = in.readLong(8);
        int second = (int) (v % 100);
        v /= 100;
        int minute = (int) (v % 100);
        v /= 100;
        int hour = (int) (v % 100);
        v /= 100;
        int day = (int) (v % 100);
        v /= 100;
        int month = (int) (v % 100);
        int year = (int) (v / 100);
        return localDateTime(year, month, day, hour, minute, second, 0);
    }

    /** DATETIME(fsp): 5 bytes big-endian (sign, year*13+month, day, hour, minute, second), then the fraction. */
    static Serializable datetimeV2(int fsp, ByteArrayInputStream in) throws IOException {
        long v = bigEndian(in.read(5));
        int yearMonth = (int) ((v >>> 22) & 0x1FFFF);
        int day = (int) ((v >>> 17) & 0x1F);
        int hour = (int) ((v >>> 12) & 0x1F);
        int minute = (int) ((v >>> 6) & 0x3F);
        int second = (int) (v & 0x3F);
        int micros = fractionMicros(fsp, in);
        return localDateTime(yearMonth / 13, yearMonth % 13, day, hour, minute, second, micros);
    }

    /** TIMESTAMP before MySQL 5.6.4: 4 bytes little-endian epoch seconds; 0 is the zero TIMESTAMP. */
    static Serializable timestamp(ByteArrayInputStream in) throws IOException {
        long seconds = in.readLong(4);
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }

    /** TIMESTAMP(fsp): 4 bytes big-endian epoch seconds, then the fraction. */
    static Serializable timestampV2(int fsp, ByteArrayInputStream in) throws IOException {
        long seconds = bigEndian(in.read(4));
        int micros = fractionMicros(fsp, in);
        if (seconds == 0 && micros == 0) {
            return null;
        }
        return Instant.ofEpochSecond(seconds, micros * 1000L);
    }

    /** TIME before MySQL 5.6.4: 3 bytes little-endian, the signed decimal number hhhmmss. */
    static Serializable time(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        if ((v & 0x800000) != 0) {
            v |= 0xFF000000; // sign-extend
        }
        long abs = Math.abs((long) v);
        long micros = ((abs / 10000) * 3600 + (abs / 100 % 100) * 60 + abs % 100) * 1_000_000L;
        return v < 0 ? -micros : micros;
    }

    /**
     * TIME(fsp): 3 bytes plus the fraction, big-endian, the whole an offset-binary signed number whose magnitude packs
     * hours (10 bits), minutes (6) and seconds (6) above the fraction bytes.
     */
    static Serializable timeV2(int fsp, ByteArrayInputStream in) throws IOException {
        int fracBytes = (fsp + 1) / 2;
        int bytes = 3 + fracBytes;
        long stored = bigEndian(in.read(bytes));
        long signed = stored - (1L << (bytes * 8 - 1));
        long abs = Math.abs(signed);
        long intPart = abs >>> (fracBytes * 8);
        long frac = abs & ((1L << (fracBytes * 8)) - 1);
        long hours = (intPart >>> 12) & 0x3FF;
        long minutes = (intPart >>> 6) & 0x3F;
        long seconds = intPart & 0x3F;
        long fracMicros = switch (fracBytes) {
            case 1 -> frac * 10_000L;
            case 2 -> frac * 100L;
            case 3 -> frac;
            default -> 0L;
        };
        long micros = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000L + fracMicros;
        return signed < 0 ? -micros : micros;
    }

    /** YEAR: one byte, years since 1900 (0 is YEAR 0000, which Debezium reports as 1900). */
    static Serializable year(ByteArrayInputStream in) throws IOException {
        return 1900 + in.readInteger(1);
    }

    private static int fractionMicros(int fsp, ByteArrayInputStream in) throws IOException {
        int length = (fsp + 1) / 2;
        if (length == 0) {
            return 0;
        }
        long v = bigEndian(in.read(length));
        return (int)
                switch (length) {
                    case 1 -> v * 10_000L;
                    case 2 -> v * 100L;
                    default -> v;
                };
    }

    private static long bigEndian(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    private static LocalDate localDate(int year, int month, int day, String type) throws IOException {
        if (year == 0 || month == 0 || day == 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new IOException("a row event holds a " + type + " that is not a calendar date (allowed by "
                    + "ALLOW_INVALID_DATES); such a value cannot be represented");
        }
    }

    private static LocalDateTime localDateTime(
            int year, int month, int day, int hour, int minute, int second, int micros) throws IOException {
        LocalDate d = localDate(year, month, day, "DATETIME");
        if (d == null) {
            return null;
        }
        try {
            return d.atTime(hour, minute, second, micros * 1000);
        } catch (DateTimeException e) {
            throw new IOException("a row event holds a DATETIME whose time of day is out of range");
        }
    }
}
