package io.entitynotifier.connect.common.config;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;

import io.entitynotifier.connect.common.schema.ColumnMappers;
import io.entitynotifier.connect.common.schema.KeyColumns;
import io.entitynotifier.connect.common.schema.TableFilter;

/**
 * Debezium's column keys shared by every connector: {@code column.include.list}, {@code message.key.columns},
 * {@code column.propagate.source.type}, {@code datatype.propagate.source.type}, the pattern keys
 * {@code column.mask.with.N.chars}, {@code column.mask.hash[.v2].<alg>.with.salt.<salt>},
 * {@code column.truncate.to.N.chars} (not in the {@link ConfigDef}: {@link #validate} checks them), and
 * {@code schema.include.list}/{@code schema.exclude.list} for connectors with schemas ({@link #defineSchemaLists}).
 */
public final class ColumnConfig {

    public static final String COLUMN_INCLUDE_LIST_CONFIG = "column.include.list";
    private static final String COLUMN_INCLUDE_LIST_DOC = "Comma-separated regular expressions matched against "
            + "the whole three-part column name (schema.table.column, or database.table.column for MySQL); only "
            + "matching columns appear in the events' before/after (key columns stay in the key). Cannot be used with "
            + "column.exclude.list.";

    private static final String MSG_KEY_COLUMNS_DOC = "A semicolon-separated list of '<table regex>:<col>,<col>' "
            + "entries, as Debezium: a matching table's event key is made of those columns instead of its primary "
            + "key (a table without a primary key gets a key). Table names as in table.include.list. Example: "
            + "inventory.orderlines:orderId,orderLineId;inventory.orders:id";

    private static final String PROPAGATE_COLUMN_DOC = "Comma-separated regular expressions of three-part column "
            + "names whose value field schemas get the parameters __debezium.source.column.type, "
            + "__debezium.source.column.length, __debezium.source.column.scale and __debezium.source.column.name.";

    private static final String PROPAGATE_DATATYPE_DOC = "Comma-separated regular expressions matched against "
            + "'<schema or database>.<table>.<database type name>'; matching columns get the parameters of "
            + "column.propagate.source.type.";

    public static final String SCHEMA_INCLUDE_LIST_CONFIG = "schema.include.list";
    public static final String SCHEMA_EXCLUDE_LIST_CONFIG = "schema.exclude.list";

    private ColumnConfig() {}

    static void define(ConfigDef def, String group, int order) {
        int o = order;
        def.define(
                COLUMN_INCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.MEDIUM,
                COLUMN_INCLUDE_LIST_DOC,
                group,
                ++o,
                Width.LONG,
                "Columns to capture");
        def.define(
                KeyColumns.CONFIG,
                Type.STRING,
                null,
                new KeyColumnsValidator(),
                Importance.MEDIUM,
                MSG_KEY_COLUMNS_DOC,
                group,
                ++o,
                Width.LONG,
                "Message key columns");
        def.define(
                ColumnMappers.PROPAGATE_COLUMN_SOURCE_TYPE,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.LOW,
                PROPAGATE_COLUMN_DOC,
                group,
                ++o,
                Width.LONG,
                "Propagate source types by column");
        def.define(
                ColumnMappers.PROPAGATE_DATATYPE_SOURCE_TYPE,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.LOW,
                PROPAGATE_DATATYPE_DOC,
                group,
                ++o,
                Width.LONG,
                "Propagate source types by data type");
    }

    /** {@code schema.include.list} and {@code schema.exclude.list} (PostgreSQL). */
    public static void defineSchemaLists(ConfigDef def, String group, int order) {
        def.define(
                SCHEMA_INCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.HIGH,
                "Comma-separated regular expressions matched against the whole schema name; only tables of "
                        + "matching schemas are captured (empty: all schemas). Cannot be used with "
                        + "schema.exclude.list.",
                group,
                order,
                Width.LONG,
                "Schemas to capture");
        def.define(
                SCHEMA_EXCLUDE_LIST_CONFIG,
                Type.LIST,
                "",
                new RegexListValidator(),
                Importance.MEDIUM,
                "Comma-separated regular expressions of schemas whose tables are not captured, matched like "
                        + "schema.include.list.",
                group,
                order + 1,
                Width.LONG,
                "Schemas to skip");
    }

    /**
     * Debezium's refusals for these keys, added to a {@code validate()} result: both lists of a pair set (on the
     * exclude list: '"x.include.list" is already specified'), a malformed or
     * unknown column mapper key, an unknown hash algorithm ({@code message.key.columns} has its own validator).
     */
    public static void validate(Map<String, String> props, Config result) {
        Map<String, ConfigValue> values = new java.util.HashMap<>();
        for (ConfigValue v : result.configValues()) {
            values.put(v.name(), v);
        }
        validate(props, values);
        for (ConfigValue v : values.values()) {
            if (!result.configValues().contains(v)) {
                result.configValues().add(v); // a key outside the ConfigDef (column.mask.*): Connect shows it too
            }
        }
    }

    /** As {@link #validate(Map, Config)}, on a name → value map (new entries for keys outside the ConfigDef). */
    public static void validate(Map<String, String> props, Map<String, ConfigValue> values) {
        bothLists(
                props,
                values,
                CommonSourceConfig.TABLE_INCLUDE_LIST_CONFIG,
                CommonSourceConfig.TABLE_EXCLUDE_LIST_CONFIG);
        bothLists(props, values, COLUMN_INCLUDE_LIST_CONFIG, CommonSourceConfig.COLUMN_EXCLUDE_LIST_CONFIG);
        bothLists(props, values, SCHEMA_INCLUDE_LIST_CONFIG, SCHEMA_EXCLUDE_LIST_CONFIG);
        ColumnMappers.problems(props).forEach((key, message) -> CommonSourceConfig.addError(values, key, message));
    }

    private static void bothLists(
            Map<String, String> props, Map<String, ConfigValue> values, String include, String exclude) {
        // Only for a pair the connector has (in its ConfigDef, so in values): an unimplemented pair, such as the
        // schema lists on SQLite, is refused by name by DebeziumKeys instead.
        if (values.containsKey(exclude) && props.get(include) != null && props.get(exclude) != null) {
            CommonSourceConfig.addError(values, exclude, "\"" + include + "\" is already specified");
        }
    }

    /** The filter of {@code config}: tables, schemas (where defined), columns, mappers and key columns. */
    static TableFilter filter(CommonSourceConfig config, TableFilter tables) {
        TableFilter f = tables.withColumnInclude(config.getList(COLUMN_INCLUDE_LIST_CONFIG))
                .withColumns(
                        ColumnMappers.of(config.originals()), KeyColumns.parse(config.getString(KeyColumns.CONFIG)));
        if (config.values().containsKey(SCHEMA_INCLUDE_LIST_CONFIG)) {
            f = f.withSchemaLists(list(config, SCHEMA_INCLUDE_LIST_CONFIG), list(config, SCHEMA_EXCLUDE_LIST_CONFIG));
        }
        return f;
    }

    private static List<String> list(CommonSourceConfig config, String key) {
        return config.values().containsKey(key) ? config.getList(key) : List.of();
    }

    /** Debezium's format check of {@code message.key.columns}. */
    static final class KeyColumnsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String problem = KeyColumns.problems((String) value);
            if (problem != null) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, problem);
            }
        }

        @Override
        public String toString() {
            return "<table regex>:<column>[,<column>...][;...]";
        }
    }
}
