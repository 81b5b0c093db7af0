package io.entitynotifier.connect.common.schema;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** {@code decimal.handling.mode}: how exact numerics reach Kafka, as in Debezium. */
public enum DecimalHandlingMode {
    /** Connect's {@link Decimal} logical type: exact, bytes on the wire. */
    PRECISE,
    /** FLOAT64: easy for consumers, may lose digits. */
    DOUBLE,
    /** The plain decimal string: exact and readable. */
    STRING;

    public static DecimalHandlingMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** Schema for a column of fixed scale; {@code precision} is recorded as a parameter when known (> 0). */
    public Schema schema(int precision, int scale, boolean optional) {
        SchemaBuilder b = switch (this) {
            case PRECISE -> {
                SchemaBuilder d = Decimal.builder(scale);
                if (precision > 0) {
                    d.parameter("connect.decimal.precision", Integer.toString(precision));
                }
                yield d;
            }
            case DOUBLE -> SchemaBuilder.float64();
            case STRING -> SchemaBuilder.string();
        };
        return optional ? b.optional().build() : b.build();
    }

    /**
     * Converts a value for a column whose schema came from {@link #schema}. In precise mode the value is brought to the
     * schema's scale (Connect rejects a mismatch); a value that would need rounding is an error, never silently changed.
     */
    public Object convert(BigDecimal value, int scale) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case PRECISE -> {
                try {
                    yield value.scale() == scale ? value : value.setScale(scale, RoundingMode.UNNECESSARY);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException(
                            "value " + value.toPlainString() + " has more than " + scale + " fractional digits");
                }
            }
            case DOUBLE -> value.doubleValue();
            case STRING -> value.toPlainString();
        };
    }
}
