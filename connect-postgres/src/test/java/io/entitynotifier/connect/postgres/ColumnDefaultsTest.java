package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.postgres.Catalog.PgType;

/** Default expressions as pg_get_expr prints them, to the default values Debezium's schemas carry. */
class ColumnDefaultsTest {

    static PgType base(String name) {
        return new PgType(1, name, "pg_catalog", 'b', 'N', 0, 0, -1, List.of());
    }

    @Test
    void literalsAndGeneratedValues() {
        assertEquals(42L, ColumnDefaults.value(base("int8"), "42", Long::valueOf));
        assertEquals("dflt", ColumnDefaults.value(base("text"), "'dflt'::text", s -> s));
        assertEquals(
                9223372036854775807L,
                ColumnDefaults.value(base("int8"), "'9223372036854775807'::bigint", Long::valueOf));
        // serial: nextval(...) is generated, Debezium's placeholder 0 (the oracle showed "default": 0 on id)
        assertEquals(0, ColumnDefaults.value(base("int4"), "nextval('dt.types_id_seq'::regclass)", Integer::valueOf));
        // An expression that is neither a call nor a plain literal: the first literal, as Debezium's pattern reads it.
        assertEquals("a", ColumnDefaults.text(base("varchar"), "('a'::character varying || 'b')"));
        assertEquals("0.0", ColumnDefaults.text(base("numeric"), "random()"));
        assertEquals("1970-01-01 00:00:00+00", ColumnDefaults.text(base("timestamptz"), "now()"));
        assertEquals("1970-01-01 00:00:00+00", ColumnDefaults.text(base("timestamptz"), "CURRENT_TIMESTAMP"));
    }

    @Test
    void noDefaultWhereDebeziumHasNone() {
        assertNull(ColumnDefaults.value(base("int4"), "NULL::integer", Integer::valueOf));
        assertNull(ColumnDefaults.text(base("bytea"), "'\\x00'::bytea"));
        assertNull(ColumnDefaults.text(base("money"), "'1.00'::money"));
        assertNull(ColumnDefaults.text(new PgType(2, "posint", "dt", 'd', 'N', 0, 23, -1, List.of()), "1"));
        assertNull(ColumnDefaults.text(new PgType(3, "_int4", "pg_catalog", 'b', 'A', 23, 0, -1, List.of()), "'{}'"));
        assertNull(ColumnDefaults.value(base("int4"), "'x'::integer", Integer::valueOf)); // unparsable: none
    }

    @Test
    void enumDefaults() {
        PgType mood = new PgType(4, "mood", "dt", 'e', 'E', 0, 0, -1, List.of("sad", "happy"));
        assertEquals("sad", ColumnDefaults.text(mood, "'sad'::dt.mood"));
        assertNull(ColumnDefaults.text(mood, "upper('sad')"));
    }
}
