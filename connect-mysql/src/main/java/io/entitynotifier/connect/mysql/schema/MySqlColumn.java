package io.entitynotifier.connect.mysql.schema;

import java.nio.charset.Charset;
import java.util.List;

/**
 * One column as the connector understands it, whether read from a binlog table map or from information_schema, so
 * that snapshot and binlog events of a table get identical Connect schemas.
 *
 * @param length    bits for BIT, bytes for BINARY, otherwise unused
 * @param precision digits for DECIMAL; for FLOAT the M of a FLOAT(M,D) declaration, 0 for a plain FLOAT
 * @param scale     fractional digits for DECIMAL and FLOAT(M,D)
 * @param fsp       fractional-second digits for DATETIME, TIMESTAMP and TIME
 * @param charset   Java charset of STRING columns
 * @param values    the permitted values of ENUM and SET columns, in definition order
 * @param defaultValue the column's DEFAULT as Debezium's DDL parser reads it (see {@link ColumnDefaults}); null
 *     when the column has none (or DEFAULT NULL)
 */
public record MySqlColumn(
        String name,
        MySqlType type,
        boolean unsigned,
        int length,
        int precision,
        int scale,
        int fsp,
        Charset charset,
        List<String> values,
        boolean nullable,
        boolean primaryKey,
        String defaultValue) {

    /** A column without a default. */
    public MySqlColumn(
            String name,
            MySqlType type,
            boolean unsigned,
            int length,
            int precision,
            int scale,
            int fsp,
            Charset charset,
            List<String> values,
            boolean nullable,
            boolean primaryKey) {
        this(name, type, unsigned, length, precision, scale, fsp, charset, values, nullable, primaryKey, null);
    }

    /**
     * This column with the catalog's default, FLOAT(M,D) declaration and MariaDB UUID type (which a binlog table map
     * lacks).
     */
    public MySqlColumn withCatalog(ColumnDefaults.Catalog catalog) {
        if (catalog == null) {
            return this;
        }
        boolean scaledFloat = type == MySqlType.FLOAT && catalog.floatPrecision() > 0;
        return new MySqlColumn(
                name,
                catalog.uuid() && type == MySqlType.BINARY ? MySqlType.UUID : type,
                unsigned,
                length,
                scaledFloat ? catalog.floatPrecision() : precision,
                scaledFloat ? catalog.floatScale() : scale,
                fsp,
                charset,
                values,
                nullable,
                primaryKey,
                catalog.defaultValue());
    }

    /** FLOAT(M,D): Debezium gives it FLOAT64 (a plain FLOAT is FLOAT32). */
    public boolean scaledFloat() {
        return type == MySqlType.FLOAT && precision > 0;
    }

    /** The type as SQL would name it, for error messages and schema-change events. */
    public String typeName() {
        String base = switch (type) {
            case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
            case BIT -> "BIT(" + length + ")";
            case BINARY -> "BINARY(" + length + ")";
            case DATETIME, TIMESTAMP, TIME -> fsp > 0 ? type.name() + "(" + fsp + ")" : type.name();
            default -> type.name();
        };
        return unsigned ? base + " UNSIGNED" : base;
    }
}
