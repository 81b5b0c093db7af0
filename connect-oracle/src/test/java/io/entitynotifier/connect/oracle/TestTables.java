package io.entitynotifier.connect.oracle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;

/** Builds {@link OracleTable}s from compact column specs ({@code "ID NUMBER(10) PK, NAME VARCHAR2(20)"}). */
public final class TestTables {

    public static final String PLACEHOLDER = "__debezium_unavailable_value";
    static final Schema SOURCE =
            SchemaBuilder.struct().name("test.Source").optional().build();
    private static final Pattern COLUMN = Pattern.compile(
            "\\s*(\\w+)\\s+([A-Z_0-9 ]+?)(?:\\((\\d+|\\*)(?:,\\s*(-?\\d+))?\\))?((?:\\s+WITH(?: LOCAL)? TIME ZONE)?)"
                    + "((?:\\s+(?:PK|NOT NULL))*)\\s*");

    private TestTables() {}

    public static List<OracleColumn> columns(String spec) {
        List<OracleColumn> out = new ArrayList<>();
        for (String part : spec.split(",(?![^(]*\\))")) {
            Matcher m = COLUMN.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad column spec: " + part);
            }
            String type = m.group(2).trim();
            Integer p = m.group(3) == null || m.group(3).equals("*") ? null : Integer.valueOf(m.group(3));
            Integer s = m.group(4) == null ? null : Integer.valueOf(m.group(4));
            if (type.equals("NUMBER") && p != null && s == null) {
                s = 0;
            }
            if (type.equals("NUMBER") && m.group(3) != null && m.group(3).equals("*")) {
                s = 0;
            }
            if (type.equals("TIMESTAMP")) {
                type = "TIMESTAMP(" + (p == null ? 6 : p) + ")" + m.group(5).toUpperCase(Locale.ROOT);
                p = null;
            }
            if (type.equals("FLOAT")) {
                p = p == null ? 126 : p;
            }
            String flags = m.group(6);
            boolean pk = flags.contains("PK");
            out.add(new OracleColumn(m.group(1), type, null, p, s, !pk && !flags.contains("NOT NULL"), pk));
        }
        return out;
    }

    public static OracleTable table(String schema, String name, String spec) {
        return table(schema, name, spec, DecimalHandlingMode.PRECISE, Set.of());
    }

    public static OracleTable table(
            String schema, String name, String spec, DecimalHandlingMode mode, Set<String> excluded) {
        List<CapturedColumn> captured = new ArrayList<>();
        for (OracleColumn c : columns(spec)) {
            if (excluded.contains(c.name())) {
                continue;
            }
            ColumnKind kind = ColumnKind.of(c);
            if (kind == null) {
                throw new IllegalArgumentException("unsupported " + c);
            }
            captured.add(new CapturedColumn(c, kind, mode, PLACEHOLDER));
        }
        List<Column> cols = captured.stream()
                .map(cc -> new Column(
                        cc.name(), cc.typeText(), cc.schema(), cc.column().primaryKey()))
                .toList();
        TableId id = new TableId("ORCL", schema, name);
        return new OracleTable(TableSchema.of("test", id, cols, SOURCE), captured, excluded);
    }

    /** A Connect value as the corpus writes it. */
    public static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof byte[] b) {
            return "0x" + HexFormat.of().withUpperCase().formatHex(b);
        }
        if (v instanceof Struct s) {
            return "vsd:" + CapturedColumn.variableScaleDecimal(s).toPlainString();
        }
        return v.toString();
    }

    public static String render(OracleTable t, Object[] row) {
        if (row == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            sb.append(i == 0 ? "" : " | ")
                    .append(t.columns().get(i).name())
                    .append('=')
                    .append(render(row[i], t.columns().get(i).schema()));
        }
        return sb.toString();
    }

    /**
     * As {@link #render(Object)}, but Debezium's epoch-based timestamps (io.debezium.time.Timestamp, MicroTimestamp,
     * NanoTimestamp) as the instant they count to, so that the corpus stays readable.
     */
    public static String render(Object v, Schema schema) {
        if (v instanceof Long l && schema.name() != null) {
            switch (schema.name()) {
                case "io.debezium.time.Timestamp" -> {
                    return Instant.ofEpochMilli(l).toString();
                }
                case "io.debezium.time.MicroTimestamp" -> {
                    return Instant.ofEpochSecond(Math.floorDiv(l, 1_000_000L), Math.floorMod(l, 1_000_000L) * 1000L)
                            .toString();
                }
                case "io.debezium.time.NanoTimestamp" -> {
                    return Instant.ofEpochSecond(Math.floorDiv(l, 1_000_000_000L), Math.floorMod(l, 1_000_000_000L))
                            .toString();
                }
                default -> {
                    // a plain number
                }
            }
        }
        return render(v);
    }
}
