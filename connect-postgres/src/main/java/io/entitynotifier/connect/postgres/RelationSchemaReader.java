package io.entitynotifier.connect.postgres;

import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TypeInfo;

import io.entitynotifier.connect.common.schema.Column;
import io.entitynotifier.connect.common.schema.SourceType;
import io.entitynotifier.connect.common.schema.TableFilter;
import io.entitynotifier.connect.common.schema.TableId;
import io.entitynotifier.connect.common.schema.TableSchema;
import io.entitynotifier.connect.postgres.Catalog.ColumnDetail;
import io.entitynotifier.connect.postgres.PgOutputMessage.Relation;
import io.entitynotifier.connect.postgres.PgOutputMessage.RelationColumn;
import io.entitynotifier.connect.postgres.PostgresTypeMapper.ColumnType;
import io.entitynotifier.connect.postgres.PostgresTypeMapper.ValueParser;

/**
 * Keeps the schema of each captured table. While streaming it comes from pgoutput Relation messages (sent before a
 * table's first change in a session and after every change of its definition), so no schema-history topic is needed;
 * the snapshot builds it from the catalog. A Relation describing the same columns (and the same primary key, read
 * from the catalog) as the known version reuses its {@link TableSchema}; a changed one (ALTER TABLE) builds a new
 * version.
 */
public final class RelationSchemaReader {

    private final Catalog catalog;
    private final PostgresTypeMapper types;
    private final TableFilter filter;
    private final String topicPrefix;
    private final String dbname;
    private final Schema sourceSchema;
    private final Map<Integer, CapturedRelation> byOid = new HashMap<>();
    private final Map<Integer, TableId> ignored = new HashMap<>();

    public RelationSchemaReader(
            Catalog catalog,
            PostgresTypeMapper types,
            TableFilter filter,
            String topicPrefix,
            String dbname,
            Schema sourceSchema) {
        this.catalog = catalog;
        this.types = types;
        this.filter = filter;
        this.topicPrefix = topicPrefix;
        this.dbname = dbname;
        this.sourceSchema = sourceSchema;
    }

    /** The table's current version, or null when it is not captured (or no Relation for it arrived). */
    public CapturedRelation get(int oid) {
        return byOid.get(oid);
    }

    public boolean isIgnored(int oid) {
        return ignored.containsKey(oid);
    }

    /** Applies a Relation message; returns the captured version, or null for a table outside the filter. */
    public CapturedRelation onRelation(Relation r) throws SQLException {
        TableId id = new TableId(dbname, r.namespace(), r.name());
        if (!filter.includes(id)) {
            ignored.put(r.oid(), id);
            byOid.remove(r.oid());
            return null;
        }
        ignored.remove(r.oid());
        CapturedRelation known = byOid.get(r.oid());
        List<String> pk = primaryKey(r);
        if (known != null
                && known.schema().id().equals(id)
                && known.sameColumns(r.columns())
                && keyColumns(known).equals(new java.util.HashSet<>(pk))) {
            return known;
        }
        CapturedRelation built = build(r.oid(), id, r.columns(), pk);
        byOid.put(r.oid(), built);
        return built;
    }

    /** The schema for snapshotting {@code id}, from the catalog; streaming reuses it while the columns match. */
    public CapturedRelation fromCatalog(TableId id, int oid) throws SQLException {
        List<RelationColumn> cols = catalog.columns(oid);
        CapturedRelation known = byOid.get(oid);
        if (known != null && known.sameColumns(cols)) {
            return known;
        }
        CapturedRelation built = build(oid, id, cols, catalog.primaryKey(oid));
        byOid.put(oid, built);
        return built;
    }

    /**
     * The schema for reading {@code id} now (an incremental snapshot, while streaming): the streamed version while the
     * catalog's columns match it, else one built from the catalog that is not kept, so that the stream goes on
     * decoding with the version its Relation messages describe.
     */
    public CapturedRelation forRead(TableId id, int oid) throws SQLException {
        List<RelationColumn> cols = catalog.columns(oid);
        CapturedRelation known = byOid.get(oid);
        if (known != null && known.sameColumns(cols)) {
            return known;
        }
        return build(oid, id, cols, catalog.primaryKey(oid));
    }

    private static java.util.Set<String> keyColumns(CapturedRelation rel) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Column c : rel.schema().columns()) {
            if (c.primaryKey()) {
                out.add(c.name());
            }
        }
        return out;
    }

    /**
     * Under the default replica identity the Relation message flags exactly the primary key as it was when the change
     * was made; under FULL (every column flagged) or an index identity the catalog's current primary key is used.
     */
    private List<String> primaryKey(Relation r) throws SQLException {
        if (r.replicaIdentity() != 'd') {
            return catalog.primaryKey(r.oid());
        }
        List<String> flagged = new ArrayList<>();
        for (RelationColumn c : r.columns()) {
            if (c.key()) {
                flagged.add(c.name());
            }
        }
        return flagged;
    }

    private CapturedRelation build(int oid, TableId id, List<RelationColumn> relationColumns, List<String> pk)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        int[] schemaIndex = new int[relationColumns.size()];
        ValueParser[] parsers = new ValueParser[relationColumns.size()];
        Map<String, ColumnDetail> details = catalog.columnDetails(oid);
        for (int i = 0; i < relationColumns.size(); i++) {
            RelationColumn rc = relationColumns.get(i);
            boolean key = pk.contains(rc.name());
            if (!key && !filter.includesColumn(id, rc.name())) {
                schemaIndex[i] = -1;
                continue;
            }
            ColumnDetail detail = details.get(rc.name());
            // Debezium: NOT NULL columns (every primary-key column) are required, with the default it parses.
            boolean notNull = key || (detail != null && detail.notNull());
            ColumnType type = types.map(
                    rc.typeOid(), rc.typeModifier(), !notNull, detail == null ? null : detail.defaultExpression());
            if (type == null) { // a type Debezium leaves out of its events
                schemaIndex[i] = -1;
                continue;
            }
            schemaIndex[i] = columns.size();
            parsers[i] = type.parser();
            columns.add(new Column(rc.name(), catalog.type(rc.typeOid()).name(), type.schema(), key)
                    .withSource(sourceType(rc.typeOid(), rc.typeModifier())));
        }
        TableSchema schema = TableSchema.of(topicPrefix, id, columns, sourceSchema, filter);
        return new CapturedRelation(oid, schema, List.copyOf(relationColumns), schemaIndex, parsers);
    }

    /**
     * The column's JDBC kind, length and scale as Debezium's PostgreSQL connector takes them from pgjdbc's type info
     * (enums are character columns; a domain is its base type; without a type modifier the type's default length).
     */
    private SourceType sourceType(int oid, int typmod) throws SQLException {
        Catalog.PgType t = catalog.type(oid);
        while (t.kind() == 'd' && t.baseOid() != 0) {
            if (typmod == -1) {
                typmod = t.baseTypmod();
            }
            t = catalog.type(t.baseOid());
        }
        TypeInfo info = catalog.connection().unwrap(BaseConnection.class).getTypeInfo();
        boolean character;
        if (t.kind() == 'e') {
            character = true;
        } else if (t.elementOid() != 0 && t.category() == 'A') {
            character = false;
        } else {
            character = CHARACTER_TYPES.contains(info.getSQLType(t.oid()));
        }
        int length = info.getPrecision(t.oid(), typmod);
        if (length == 0 && typmod == -1) {
            length = info.getDisplaySize(t.oid(), typmod);
        }
        return new SourceType(character, length, info.getScale(t.oid(), typmod));
    }

    private static final java.util.Set<Integer> CHARACTER_TYPES = java.util.Set.of(
            Types.CHAR,
            Types.VARCHAR,
            Types.LONGVARCHAR,
            Types.CLOB,
            Types.NCHAR,
            Types.NVARCHAR,
            Types.LONGNVARCHAR,
            Types.NCLOB,
            Types.DATALINK);
}
