package io.entitynotifier.connect.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import io.entitynotifier.connect.postgres.PgOutputMessage.Begin;
import io.entitynotifier.connect.postgres.PgOutputMessage.Commit;
import io.entitynotifier.connect.postgres.PgOutputMessage.Delete;
import io.entitynotifier.connect.postgres.PgOutputMessage.Ignored;
import io.entitynotifier.connect.postgres.PgOutputMessage.Insert;
import io.entitynotifier.connect.postgres.PgOutputMessage.Relation;
import io.entitynotifier.connect.postgres.PgOutputMessage.RelationColumn;
import io.entitynotifier.connect.postgres.PgOutputMessage.Truncate;
import io.entitynotifier.connect.postgres.PgOutputMessage.Tuple;
import io.entitynotifier.connect.postgres.PgOutputMessage.Update;

/**
 * Decodes pgoutput protocol version 1 messages (PostgreSQL's "Logical Replication Message Formats"). Tuples arrive in
 * text form; the values are parsed later by {@link PostgresTypeMapper}.
 */
public final class PgOutputDecoder {

    private PgOutputDecoder() {}

    /** Decodes one message; {@code buf} is positioned at the message type byte. */
    public static PgOutputMessage decode(ByteBuffer buf) {
        char type = (char) buf.get();
        switch (type) {
            case 'B':
                return new Begin(buf.getLong(), buf.getLong(), Integer.toUnsignedLong(buf.getInt()));
            case 'C': {
                buf.get(); // flags, unused
                return new Commit(buf.getLong(), buf.getLong(), buf.getLong());
            }
            case 'R':
                return relation(buf);
            case 'I': {
                int rel = buf.getInt();
                expect(buf, 'N', type);
                return new Insert(rel, tuple(buf));
            }
            case 'U': {
                int rel = buf.getInt();
                char kind = (char) buf.get();
                Tuple old = null;
                boolean keyOnly = false;
                if (kind == 'K' || kind == 'O') {
                    old = tuple(buf);
                    keyOnly = kind == 'K';
                    kind = (char) buf.get();
                }
                if (kind != 'N') {
                    throw new IllegalStateException("pgoutput Update: expected 'N', got '" + kind + "'");
                }
                return new Update(rel, old, keyOnly, tuple(buf));
            }
            case 'D': {
                int rel = buf.getInt();
                char kind = (char) buf.get();
                if (kind != 'K' && kind != 'O') {
                    throw new IllegalStateException("pgoutput Delete: expected 'K' or 'O', got '" + kind + "'");
                }
                return new Delete(rel, tuple(buf), kind == 'K');
            }
            case 'T': {
                int n = buf.getInt();
                byte options = buf.get();
                List<Integer> rels = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rels.add(buf.getInt());
                }
                return new Truncate(rels, (options & 1) != 0, (options & 2) != 0);
            }
            default:
                return new Ignored(type); // O(rigin), Y (type), M(essage)
        }
    }

    private static void expect(ByteBuffer buf, char expected, char message) {
        char got = (char) buf.get();
        if (got != expected) {
            throw new IllegalStateException(
                    "pgoutput '" + message + "': expected '" + expected + "', got '" + got + "'");
        }
    }

    private static Relation relation(ByteBuffer buf) {
        int oid = buf.getInt();
        String namespace = string(buf);
        String name = string(buf);
        char identity = (char) buf.get();
        int n = buf.getShort();
        List<RelationColumn> cols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean key = (buf.get() & 1) != 0;
            String col = string(buf);
            int typeOid = buf.getInt();
            int typmod = buf.getInt();
            cols.add(new RelationColumn(col, typeOid, typmod, key));
        }
        // An empty namespace means pg_catalog, as the protocol documents.
        return new Relation(oid, namespace.isEmpty() ? "pg_catalog" : namespace, name, identity, cols);
    }

    private static Tuple tuple(ByteBuffer buf) {
        int n = buf.getShort();
        String[] values = new String[n];
        BitSet unchanged = new BitSet(n);
        for (int i = 0; i < n; i++) {
            char kind = (char) buf.get();
            switch (kind) {
                case 'n' -> values[i] = null;
                case 'u' -> unchanged.set(i);
                case 't' -> {
                    int len = buf.getInt();
                    byte[] bytes = new byte[len];
                    buf.get(bytes);
                    values[i] = new String(bytes, StandardCharsets.UTF_8);
                }
                default ->
                    throw new IllegalStateException(
                            "pgoutput tuple: unsupported column kind '" + kind + "' (binary tuples are not requested)");
            }
        }
        return new Tuple(values, unchanged);
    }

    private static String string(ByteBuffer buf) {
        int start = buf.position();
        int end = start;
        while (buf.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buf.get(bytes);
        buf.get(); // the terminating zero
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
