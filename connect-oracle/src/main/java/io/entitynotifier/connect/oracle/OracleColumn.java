package io.entitynotifier.connect.oracle;

/**
 * A column as {@code ALL_TAB_COLUMNS} describes it. {@code precision} and {@code scale} are null where Oracle leaves
 * them null (a {@code NUMBER} declared without precision, character types).
 */
public record OracleColumn(
        String name,
        String dataType,
        Integer length,
        Integer precision,
        Integer scale,
        boolean nullable,
        boolean primaryKey) {}
