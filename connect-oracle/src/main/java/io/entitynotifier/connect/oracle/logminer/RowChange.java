package io.entitynotifier.connect.oracle.logminer;

import io.entitynotifier.connect.common.event.Operation;

/** One decoded row change: rows are Connect values in the table's column order; before is null for inserts. */
public record RowChange(Operation op, Object[] before, Object[] after) {}
