package io.entitynotifier.connect.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.postgres.PgOutputMessage.Begin;
import io.entitynotifier.connect.postgres.PgOutputMessage.Commit;
import io.entitynotifier.connect.postgres.PgOutputMessage.Delete;
import io.entitynotifier.connect.postgres.PgOutputMessage.Insert;
import io.entitynotifier.connect.postgres.PgOutputMessage.Relation;
import io.entitynotifier.connect.postgres.PgOutputMessage.Truncate;
import io.entitynotifier.connect.postgres.PgOutputMessage.Update;

/** Messages laid out as PostgreSQL's "Logical Replication Message Formats" (protocol version 1) describe them. */
class PgOutputDecoderTest {

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final DataOutputStream out = new DataOutputStream(bytes);

    ByteBuffer message() {
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    void string(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    void tuple(String... values) throws IOException {
        out.writeShort(values.length);
        for (String v : values) {
            if (v == null) {
                out.write('n');
            } else if (v.equals("<u>")) {
                out.write('u');
            } else {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                out.write('t');
                out.writeInt(b.length);
                out.write(b);
            }
        }
    }

    @Test
    void beginAndCommit() throws IOException {
        out.write('B');
        out.writeLong(0x1_0000_0010L);
        out.writeLong(123L);
        out.writeInt(0xFFFF_FFFE); // xids are unsigned
        Begin b = (Begin) PgOutputDecoder.decode(message());
        assertEquals(0x1_0000_0010L, b.finalLsn());
        assertEquals(123L, b.commitTimeMicros());
        assertEquals(4294967294L, b.xid());
        bytes.reset();
        out.write('C');
        out.write(0);
        out.writeLong(10);
        out.writeLong(20);
        out.writeLong(30);
        Commit c = (Commit) PgOutputDecoder.decode(message());
        assertEquals(new Commit(10, 20, 30), c);
    }

    @Test
    void relationWithKeyFlags() throws IOException {
        out.write('R');
        out.writeInt(16384);
        string("public");
        string("tàble");
        out.write('f');
        out.writeShort(2);
        out.write(1);
        string("id");
        out.writeInt(23);
        out.writeInt(-1);
        out.write(0);
        string("n");
        out.writeInt(1700);
        out.writeInt((10 << 16) + 2 + 4);
        Relation r = (Relation) PgOutputDecoder.decode(message());
        assertEquals("tàble", r.name());
        assertEquals('f', r.replicaIdentity());
        assertTrue(r.columns().get(0).key());
        assertFalse(r.columns().get(1).key());
        assertEquals(1700, r.columns().get(1).typeOid());
    }

    @Test
    void rowMessagesWithNullsAndUnchangedToast() throws IOException {
        out.write('I');
        out.writeInt(5);
        out.write('N');
        tuple("1", null, "x");
        Insert i = (Insert) PgOutputDecoder.decode(message());
        assertArrayEquals(new String[] {"1", null, "x"}, i.newTuple().values());

        bytes.reset();
        out.write('U');
        out.writeInt(5);
        out.write('K');
        tuple("1", null, null);
        out.write('N');
        tuple("2", "<u>", "y");
        Update u = (Update) PgOutputDecoder.decode(message());
        assertTrue(u.oldIsKeyOnly());
        assertTrue(u.newTuple().isUnchanged(1));
        assertFalse(u.newTuple().isUnchanged(2));
        assertNull(u.newTuple().values()[1]);

        bytes.reset();
        out.write('U');
        out.writeInt(5);
        out.write('N');
        tuple("2", "z", "y");
        assertNull(((Update) PgOutputDecoder.decode(message())).oldTuple());

        bytes.reset();
        out.write('D');
        out.writeInt(5);
        out.write('O');
        tuple("2", "z", "y");
        Delete d = (Delete) PgOutputDecoder.decode(message());
        assertFalse(d.oldIsKeyOnly());

        bytes.reset();
        out.write('T');
        out.writeInt(2);
        out.write(1);
        out.writeInt(5);
        out.writeInt(6);
        Truncate t = (Truncate) PgOutputDecoder.decode(message());
        assertEquals(List.of(5, 6), t.relationOids());
        assertTrue(t.cascade());
        assertFalse(t.restartIdentity());
    }
}
