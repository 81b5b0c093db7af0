package io.entitynotifier.connect.common.schema;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What one column mapper ({@code column.mask.with.N.chars}, {@code column.mask.hash.*}, {@code column.truncate.to.N.chars},
 * {@code column.propagate.source.type}, {@code datatype.propagate.source.type}) does to the value field of a column,
 * with Debezium's meaning: a value converter applied after the type conversion, and schema parameters. Key fields are
 * never mapped (Debezium builds the key without mappers).
 */
public interface ColumnMapper {

    /** The value converter for {@code column}, or null when its values pass unchanged. */
    UnaryOperator<Object> converter(Column column);

    /** Adds this mapper's parameters to the value field schema of {@code column}. */
    void alterSchema(Column column, Map<String, String> parameters);

    /** Debezium's {@code MaskStrings(maskValue)}: every value of a character column, null included, becomes the mask. */
    static ColumnMapper mask(String maskValue) {
        return new ColumnMapper() {
            @Override
            public UnaryOperator<Object> converter(Column column) {
                return masks(column) ? v -> maskValue : null;
            }

            @Override
            public void alterSchema(Column column, Map<String, String> parameters) {
                parameters.put("masked", "true");
            }
        };
    }

    /**
     * Debezium's hashing {@code MaskStrings}: the hex digest of salt + value (V1: the value's Java serialization, V2:
     * its text), cut to the column's length when it has one.
     */
    static ColumnMapper hash(HashMask hash) {
        return new ColumnMapper() {
            @Override
            public UnaryOperator<Object> converter(Column column) {
                if (!masks(column)) {
                    return null;
                }
                int length = column.source().length();
                return length > 0 ? v -> truncate(hash.apply(v), length) : hash::apply;
            }

            @Override
            public void alterSchema(Column column, Map<String, String> parameters) {
                parameters.put("masked", "true");
            }
        };
    }

    /** Debezium's {@code TruncateColumn}: strings and binary values longer than {@code max} are cut. */
    static ColumnMapper truncate(int max) {
        return new ColumnMapper() {
            private boolean possible(Column column) {
                int length = column.source().length();
                return length < 0 || length > max;
            }

            @Override
            public UnaryOperator<Object> converter(Column column) {
                return possible(column) ? v -> ColumnMapper.truncate(v, max) : null;
            }

            @Override
            public void alterSchema(Column column, Map<String, String> parameters) {
                if (possible(column)) {
                    parameters.put("truncateLength", Integer.toString(max));
                }
            }
        };
    }

    /** Debezium's {@code PropagateSourceMetadataToSchemaParameter}: type name, length, scale and column name. */
    static ColumnMapper propagateSourceType() {
        return new ColumnMapper() {
            @Override
            public UnaryOperator<Object> converter(Column column) {
                return null;
            }

            @Override
            public void alterSchema(Column column, Map<String, String> parameters) {
                parameters.put(
                        "__debezium.source.column.type", column.sourceTypeName().toUpperCase(Locale.ENGLISH));
                if (column.source().length() != SourceType.UNSET) {
                    parameters.put(
                            "__debezium.source.column.length",
                            String.valueOf(column.source().length()));
                }
                if (column.source().scale() != null) {
                    parameters.put(
                            "__debezium.source.column.scale",
                            String.valueOf(column.source().scale()));
                }
                parameters.put("__debezium.source.column.name", column.name());
            }
        };
    }

    /** Masks apply to character columns only, and only where the Connect value is a string. */
    private static boolean masks(Column column) {
        return column.source().character()
                && column.schema().type() == org.apache.kafka.connect.data.Schema.Type.STRING;
    }

    private static Object truncate(Object value, int max) {
        if (value instanceof String s) {
            return s.length() > max ? s.substring(0, max) : s;
        }
        if (value instanceof ByteBuffer b) {
            return b.remaining() > max ? ByteBuffer.wrap(Arrays.copyOfRange(bytesOf(b), 0, max)) : b;
        }
        if (value instanceof byte[] b) {
            return b.length > max ? Arrays.copyOf(b, max) : b;
        }
        return value;
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
