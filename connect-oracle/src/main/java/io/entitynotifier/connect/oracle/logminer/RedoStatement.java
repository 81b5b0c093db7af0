package io.entitynotifier.connect.oracle.logminer;

import java.util.Map;

/**
 * A parsed {@code SQL_REDO} DML statement. {@code newValues} are an insert's values or an update's {@code SET} list;
 * {@code oldValues} are the {@code WHERE} conditions of an update or delete (with supplemental logging of all columns,
 * the complete old row). Column names are as LogMiner wrote them; maps keep statement order.
 */
public record RedoStatement(
        Kind kind, String schema, String table, Map<String, RedoValue> newValues, Map<String, RedoValue> oldValues) {

    public enum Kind {
        INSERT,
        UPDATE,
        DELETE
    }
}
