package io.entitynotifier.connect.common.schema;

import org.apache.kafka.connect.data.Schema;

/**
 * What the database says of a column's type, as Debezium's {@code Column} holds it for the column mappers.
 *
 * @param character the column is a character type (Debezium: JDBC CHAR, VARCHAR, LONGVARCHAR, CLOB, NCHAR, NVARCHAR,
 *                  LONGNVARCHAR, NCLOB, DATALINK): only such columns are masked or hashed
 * @param length    the declared length or precision, {@link #UNSET} when the database gives none
 * @param scale     the declared scale, null when the database gives none
 * @param typeName  the bare type name Debezium reports (e.g. VARCHAR2 for VARCHAR2(20)), for the propagation
 *                  parameters and {@code datatype.propagate.source.type}; null: the column's {@code typeName}
 */
public record SourceType(boolean character, int length, Integer scale, String typeName) {

    public SourceType(boolean character, int length, Integer scale) {
        this(character, length, scale, null);
    }

    public SourceType named(String name) {
        return new SourceType(character, length, scale, name);
    }

    /** Debezium's {@code Column.UNSET_INT_VALUE}. */
    public static final int UNSET = -1;

    public static SourceType character(int length) {
        return new SourceType(true, length, null);
    }

    public static SourceType other(int length, Integer scale) {
        return new SourceType(false, length, scale);
    }

    /**
     * For a connector that says nothing: a plain Connect string (no semantic name) is taken as a character column,
     * length and scale unset.
     */
    public static SourceType guess(Schema schema) {
        boolean plainString = schema != null && schema.type() == Schema.Type.STRING && schema.name() == null;
        return new SourceType(plainString, UNSET, null);
    }
}
