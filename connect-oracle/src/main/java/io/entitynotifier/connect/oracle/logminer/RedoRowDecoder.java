package io.entitynotifier.connect.oracle.logminer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.entitynotifier.connect.common.event.Operation;
import io.entitynotifier.connect.oracle.CapturedColumn;
import io.entitynotifier.connect.oracle.ColumnKind;
import io.entitynotifier.connect.oracle.OracleTable;

/**
 * Turns a parsed {@code SQL_REDO} statement into typed before/after rows of a table. An update's after image is its
 * before image (the {@code WHERE} list, complete under supplemental logging of all columns) with the {@code SET} list
 * applied; a non-LOB column missing from both means the table lacks that logging, which is an error rather than a
 * silently null value. LOB columns LogMiner leaves out (or writes as {@code EMPTY_CLOB()}) get the unavailable-value
 * placeholder.
 */
public final class RedoRowDecoder {

    public RowChange decode(RedoStatement st, OracleTable table) {
        return switch (st.kind()) {
            case INSERT -> new RowChange(Operation.CREATE, null, row(st.newValues(), table, "values", true));
            case DELETE -> new RowChange(Operation.DELETE, row(st.oldValues(), table, "where clause", true), null);
            case UPDATE -> {
                Object[] before = row(st.oldValues(), table, "where clause", false);
                Object[] after = before.clone();
                boolean[] set = apply(st.newValues(), table, after);
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < before.length; i++) {
                    if (before[i] == Missing.VALUE) {
                        CapturedColumn c = table.columns().get(i);
                        if (c.isLob()) {
                            before[i] = c.unavailableValue();
                            if (!set[i]) {
                                after[i] = c.unavailableValue();
                            }
                        } else {
                            missing.add(c.name());
                        }
                    }
                }
                if (!missing.isEmpty()) {
                    throw new RedoParseException("update of " + table.schema().id() + " lacks the old values of "
                            + missing + "; enable supplemental logging of all columns: ALTER TABLE "
                            + table.schema().id() + " ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS");
                }
                yield new RowChange(Operation.UPDATE, before, after);
            }
        };
    }

    /** Marks a column the statement did not mention. */
    private enum Missing {
        VALUE
    }

    private Object[] row(Map<String, RedoValue> values, OracleTable table, String where, boolean complete) {
        Object[] row = new Object[table.columns().size()];
        Arrays.fill(row, Missing.VALUE);
        apply(values, table, row);
        if (complete) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                if (row[i] == Missing.VALUE) {
                    CapturedColumn c = table.columns().get(i);
                    if (c.isLob()) {
                        row[i] = c.unavailableValue();
                    } else {
                        missing.add(c.name());
                    }
                }
            }
            if (!missing.isEmpty()) {
                throw new RedoParseException("the " + where + " of the statement on "
                        + table.schema().id()
                        + " lacks columns " + missing + " (supplemental logging of all columns missing, or the "
                        + "table changed since its definition was read)");
            }
        }
        return row;
    }

    private boolean[] apply(Map<String, RedoValue> values, OracleTable table, Object[] row) {
        boolean[] set = new boolean[row.length];
        for (Map.Entry<String, RedoValue> e : values.entrySet()) {
            int i = table.indexOf(e.getKey());
            if (i < 0) {
                if (table.isExcluded(e.getKey())) {
                    continue;
                }
                throw new RedoParseException("column \"" + e.getKey() + "\" is not in the definition of "
                        + table.schema().id() + " (was the table altered?)");
            }
            row[i] = value(e.getValue(), table.columns().get(i));
            set[i] = true;
        }
        return set;
    }

    /** The Connect value of one redo value for a column. */
    public static Object value(RedoValue v, CapturedColumn c) {
        try {
            return convert(v, c);
        } catch (IllegalArgumentException | RedoParseException e) {
            throw new RedoParseException("column " + c.name() + " " + c.typeText() + ": " + e.getMessage(), e);
        }
    }

    private static Object convert(RedoValue v, CapturedColumn c) {
        switch (v.kind()) {
            case NULL:
                if (!c.schema().isOptional()) {
                    throw new RedoParseException("NULL for a NOT NULL column");
                }
                return null;
            case UNSUPPORTED:
                if (c.kind() == ColumnKind.XML) {
                    // XMLTYPE contents are not mined without LOB support: Debezium (lob.enabled=false) gives null,
                    // or "" for a NOT NULL column
                    return c.schema().isOptional() ? null : "";
                }
                throw new RedoParseException(
                        "LogMiner wrote 'Unsupported Type' for this column; exclude it with " + "column.exclude.list");
            case STRING:
            case NUMBER:
                if (c.kind() == ColumnKind.BYTES
                        || c.kind() == ColumnKind.BLOB
                        || c.kind() == ColumnKind.TIMESTAMP
                        || c.kind() == ColumnKind.ZONED_TIMESTAMP
                        || c.kind() == ColumnKind.LOCAL_ZONED_TIMESTAMP
                        || c.kind() == ColumnKind.INTERVAL_YEAR_MONTH
                        || c.kind() == ColumnKind.INTERVAL_DAY_SECOND) {
                    throw new RedoParseException("a plain literal " + v + " where a conversion function was expected");
                }
                return c.fromString(v.text());
            default:
                return function(v, c);
        }
    }

    private static Object function(RedoValue v, CapturedColumn c) {
        List<RedoValue> a = v.args();
        switch (v.text()) {
            case "TO_DATE" -> {
                requireStrings(v, 1, 2);
                return c.fromLocalDateTime(OracleDateTimeFormat.parseLocal(
                        a.get(0).text(), mask(a, OracleDateTimeFormat.SESSION_DATE_FORMAT)));
            }
            case "TO_TIMESTAMP" -> {
                requireStrings(v, 1, 2);
                return c.fromLocalDateTime(OracleDateTimeFormat.parseLocal(
                        a.get(0).text(), mask(a, OracleDateTimeFormat.SESSION_TIMESTAMP_FORMAT)));
            }
            case "TO_TIMESTAMP_TZ" -> {
                requireStrings(v, 1, 2);
                return c.fromZoned(OracleDateTimeFormat.parseZoned(
                        a.get(0).text(), mask(a, OracleDateTimeFormat.SESSION_TIMESTAMP_TZ_FORMAT)));
            }
            case "TO_YMINTERVAL", "TO_DSINTERVAL" -> {
                requireStrings(v, 1);
                boolean ym = v.text().equals("TO_YMINTERVAL");
                if (c.kind() != (ym ? ColumnKind.INTERVAL_YEAR_MONTH : ColumnKind.INTERVAL_DAY_SECOND)) {
                    throw new RedoParseException(v.text() + " for a column that is not an INTERVAL "
                            + (ym ? "YEAR TO MONTH" : "DAY TO SECOND"));
                }
                return c.fromString(a.get(0).text());
            }
            case "HEXTORAW" -> {
                requireStrings(v, 1);
                try {
                    return c.fromBytes(HexFormat.of().parseHex(a.get(0).text()));
                } catch (IllegalArgumentException e) {
                    throw new RedoParseException(
                            "HEXTORAW of non-hex text '" + a.get(0).text() + "'");
                }
            }
            case "EMPTY_CLOB", "EMPTY_BLOB" -> {
                if (!a.isEmpty() || !c.isLob()) {
                    throw new RedoParseException(v + " for a column that is not a LOB");
                }
                return c.unavailableValue();
            }
            case "UNISTR" -> {
                requireStrings(v, 1);
                return c.fromString(Unistr.decode(a.get(0).text()));
            }
            case "TO_NUMBER", "TO_BINARY_FLOAT", "TO_BINARY_DOUBLE" -> {
                if (a.size() != 1 || a.get(0).isNull() || a.get(0).kind() == RedoValue.Kind.FUNCTION) {
                    throw new RedoParseException("unexpected arguments in " + v);
                }
                return c.fromString(a.get(0).text());
            }
            default -> throw new RedoParseException("unsupported function " + v.text() + "() in value " + v);
        }
    }

    /** The explicit mask, or the session format LogMiner relies on when it writes none. */
    private static String mask(List<RedoValue> args, String sessionFormat) {
        return args.size() > 1 ? args.get(1).text() : sessionFormat;
    }

    private static void requireStrings(RedoValue v, int n) {
        requireStrings(v, n, n);
    }

    private static void requireStrings(RedoValue v, int min, int max) {
        if (v.args().size() < min || v.args().size() > max) {
            throw new RedoParseException(v.text() + " with " + v.args().size() + " arguments (expected "
                    + (min == max ? min : min + " or " + max) + ")");
        }
        for (RedoValue a : v.args()) {
            if (a.kind() != RedoValue.Kind.STRING) {
                throw new RedoParseException(v.text() + " argument " + a + " is not a string literal");
            }
        }
    }
}
