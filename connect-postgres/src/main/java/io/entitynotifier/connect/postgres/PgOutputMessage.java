package io.entitynotifier.connect.postgres;

import java.util.BitSet;
import java.util.List;

/** The pgoutput (protocol version 1) messages the connector acts on, as decoded by {@link PgOutputDecoder}. */
public sealed interface PgOutputMessage {

    /** Column of a Relation message. {@code key} marks a replica-identity column. */
    record RelationColumn(String name, int typeOid, int typeModifier, boolean key) {}

    /**
     * One row image. {@code values} holds each column's text, null for SQL NULL; {@code unchanged} marks unchanged
     * TOASTed values the server did not send (their {@code values} entry is null too).
     */
    record Tuple(String[] values, BitSet unchanged) {
        boolean isUnchanged(int i) {
            return unchanged.get(i);
        }
    }

    /** {@code finalLsn} is the LSN of the transaction's commit record. */
    record Begin(long finalLsn, long commitTimeMicros, long xid) implements PgOutputMessage {}

    record Commit(long commitLsn, long endLsn, long commitTimeMicros) implements PgOutputMessage {}

    /** {@code replicaIdentity}: d(efault), n(othing), f(ull), i(ndex). */
    record Relation(int oid, String namespace, String name, char replicaIdentity, List<RelationColumn> columns)
            implements PgOutputMessage {}

    record Insert(int relationOid, Tuple newTuple) implements PgOutputMessage {}

    /** {@code oldTuple} is null when the server sent none; {@code oldIsKeyOnly} when it sent only identity columns. */
    record Update(int relationOid, Tuple oldTuple, boolean oldIsKeyOnly, Tuple newTuple) implements PgOutputMessage {}

    record Delete(int relationOid, Tuple oldTuple, boolean oldIsKeyOnly) implements PgOutputMessage {}

    record Truncate(List<Integer> relationOids, boolean cascade, boolean restartIdentity) implements PgOutputMessage {}

    /** Origin, Type and logical-decoding messages: nothing to emit. */
    record Ignored(char type) implements PgOutputMessage {}
}
