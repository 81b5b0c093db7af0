package io.entitynotifier.connect.mysql.schema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Debezium's {@code io.debezium.data.geometry.Geometry} and {@code Point} for MySQL's spatial types. MySQL's internal
 * value is a 4-byte little-endian SRID followed by the WKB; SRID 0 is reported as absent, as Debezium does.
 */
final class Geometries {

    private static final int WKB_POINT_SIZE = 1 + 4 + 8 + 8;

    private Geometries() {}

    /** Debezium's Geometry schema is optional even for a NOT NULL column. */
    static SchemaBuilder geometryBuilder() {
        return SchemaBuilder.struct()
                .name("io.debezium.data.geometry.Geometry")
                .version(1)
                .doc("Geometry")
                .optional()
                .field("wkb", Schema.BYTES_SCHEMA)
                .field("srid", Schema.OPTIONAL_INT32_SCHEMA);
    }

    static SchemaBuilder pointBuilder() {
        return SchemaBuilder.struct()
                .name("io.debezium.data.geometry.Point")
                .version(1)
                .doc("Geometry (POINT)")
                .field("x", Schema.FLOAT64_SCHEMA)
                .field("y", Schema.FLOAT64_SCHEMA)
                .field("wkb", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("srid", Schema.OPTIONAL_INT32_SCHEMA);
    }

    static Struct geometry(Schema schema, byte[] internal) {
        Struct s = new Struct(schema);
        s.put("wkb", wkb(internal));
        Integer srid = srid(internal);
        if (srid != null) {
            s.put("srid", srid);
        }
        return s;
    }

    static Struct point(Schema schema, byte[] internal) {
        byte[] wkb = wkb(internal);
        if (wkb.length != WKB_POINT_SIZE) {
            throw new IllegalArgumentException("a POINT column holds a value that is not a 2D point");
        }
        ByteBuffer b = ByteBuffer.wrap(wkb);
        b.order(b.get() != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        if (b.getInt() != 1) {
            throw new IllegalArgumentException("a POINT column holds a value that is not a 2D point");
        }
        Struct s = new Struct(schema);
        s.put("x", b.getDouble());
        s.put("y", b.getDouble());
        s.put("wkb", wkb);
        Integer srid = srid(internal);
        if (srid != null) {
            s.put("srid", srid);
        }
        return s;
    }

    private static byte[] wkb(byte[] internal) {
        if (internal.length < 4) {
            throw new IllegalArgumentException("a spatial value shorter than its SRID");
        }
        return Arrays.copyOfRange(internal, 4, internal.length);
    }

    private static Integer srid(byte[] internal) {
        int srid =
                ByteBuffer.wrap(internal, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return srid == 0 ? null : srid;
    }
}
