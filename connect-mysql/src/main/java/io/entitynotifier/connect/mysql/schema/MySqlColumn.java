package io.entitynotifier.connect.mysql.schema;

import java.nio.charset.Charset;
import java.util.List;

/**
 * One column as the connector understands it, whether read from a binlog table map or from information_schema, so
 * that snapshot and binlog events of a table get identical Connect schemas.
 *
 * @param length    bits for BIT, bytes for BINARY, otherwise unused
 * @param precision digits for DECIMAL
 * @param scale     fractional digits for DECIMAL
 * @param fsp       fractional-second digits for DATETIME, TIMESTAMP and TIME
 * @param charset   Java charset of STRING columns
 * @param values    the permitted values of ENUM and SET columns, in definition order
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
        boolean primaryKey) {

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
