package io.entitynotifier.connect.common.schema;

import org.apache.kafka.connect.data.Schema;

/**
 * One captured column: its name, the Connect schema of its values (optional when the column is nullable) and the
 * database's own type name, kept for error messages and schema-change events.
 */
public record Column(String name, String typeName, Schema schema, boolean primaryKey) {}
