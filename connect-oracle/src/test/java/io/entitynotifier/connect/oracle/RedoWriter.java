package io.entitynotifier.connect.oracle;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes redo rows into the H2 stand-in the way LogMiner shows them in {@code V$LOGMNR_CONTENTS}: START (6), DML
 * (1 insert, 2 delete, 3 update) with SQL_REDO, COMMIT (7) and ROLLBACK (36), each at a new SCN, with the transaction
 * listed in {@code V$TRANSACTION} while open; long statements are split over continuation rows ({@code CSF = 1}).
 * Also switches and archives redo logs.
 */
public final class RedoWriter {

    private final H2Oracle db;
    private final AtomicInteger xids = new AtomicInteger();
    private long scn;
    private int logSequence = 1;
    private String container = "ORCLPDB1";

    public RedoWriter(H2Oracle db) throws SQLException {
        this.db = db;
        this.scn = 100;
    }

    /** SRC_CON_NAME of the rows written from now on (the PDB the work happens in). */
    public synchronized void container(String name) {
        container = name;
    }

    public synchronized long scn() {
        return scn;
    }

    /** Starts a transaction (a START row) and returns it. */
    public synchronized Txn begin() throws SQLException {
        Txn t = new Txn(String.format("%04X%04X%08X", 10, xids.incrementAndGet(), 77));
        long at = next();
        row(at, 6, t.xid, null, null, null, 0, null, 0);
        try (PreparedStatement ps = db.connection().prepareStatement("INSERT INTO V$TRANSACTION_DATA VALUES (?, ?)")) {
            ps.setBytes(1, HexFormat.of().parseHex(t.xid));
            ps.setLong(2, at);
            ps.executeUpdate();
        }
        publishScn();
        return t;
    }

    /** Advances the SCN without redo for captured tables (other sessions' work). */
    public synchronized long tick(int n) throws SQLException {
        scn += n;
        publishScn();
        return scn;
    }

    public synchronized void switchLog() throws SQLException {
        long end = scn + 1;
        int group = logSequence;
        db.execute(
                "UPDATE V$LOG SET STATUS = 'INACTIVE', ARCHIVED = 'YES', NEXT_CHANGE# = " + end + " WHERE GROUP# = "
                        + group,
                "INSERT INTO V$ARCHIVED_LOG SELECT '/arch/arch_1_' || SEQUENCE# || '.arc', THREAD#, SEQUENCE#, "
                        + "FIRST_CHANGE#, NEXT_CHANGE#, 'YES', 'A', 'NO' FROM V$LOG WHERE GROUP# = " + group,
                // the same log shipped to a standby: not a local file, never to be added
                "INSERT INTO V$ARCHIVED_LOG SELECT '+standby_tns', THREAD#, SEQUENCE#, "
                        + "FIRST_CHANGE#, NEXT_CHANGE#, 'YES', 'A', 'YES' FROM V$LOG WHERE GROUP# = " + group);
        logSequence++;
        db.execute(
                "INSERT INTO V$LOG VALUES (" + logSequence + ", 1, " + logSequence + ", " + end
                        + ", 281474976710655, 'CURRENT', 'NO')",
                "INSERT INTO V$LOGFILE (GROUP#, MEMBER) VALUES (" + logSequence + ", '/redo/redo0" + logSequence
                        + ".log')",
                // a second member of the group that went missing: never to be added
                "INSERT INTO V$LOGFILE (GROUP#, MEMBER, STATUS) VALUES (" + logSequence + ", '/aaa/lost0" + logSequence
                        + ".log', 'INVALID')",
                // the oldest online group is reused: only its archived copy remains
                "DELETE FROM V$LOGFILE WHERE GROUP# <= " + (logSequence - 3),
                "DELETE FROM V$LOG WHERE GROUP# <= " + (logSequence - 3));
    }

    /** Marks archived logs holding SCNs before {@code scn} deleted (status 'D'), as RMAN would after a backup. */
    public void deleteArchivedLogsBefore(long scn) throws SQLException {
        db.execute("UPDATE V$ARCHIVED_LOG SET STATUS = 'D' WHERE NEXT_CHANGE# <= " + scn);
    }

    /**
     * The next SCN. It becomes V$DATABASE.CURRENT_SCN only once its rows are written ({@link #publishScn}), as
     * Oracle's redo for an SCN is on disk before a log flush the connector forces returns: a reader never sees a
     * current SCN whose redo is still missing.
     */
    private long next() {
        scn++;
        return scn;
    }

    private void publishScn() throws SQLException {
        db.execute("UPDATE V$DATABASE SET CURRENT_SCN = " + scn);
    }

    private void row(
            long at, int op, String xid, String owner, String table, String redo, int csf, String rowId, int rollback)
            throws SQLException {
        try (PreparedStatement ps = db.connection()
                .prepareStatement("INSERT INTO REDO_STAGING (SCN, OPERATION_CODE, "
                        + "XID, SEG_OWNER, TABLE_NAME, SQL_REDO, CSF, ROW_ID, \"ROLLBACK\", \"TIMESTAMP\", RS_ID, SSN, "
                        + "SRC_CON_NAME) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, at);
            ps.setInt(2, op);
            ps.setBytes(3, HexFormat.of().parseHex(xid));
            ps.setString(4, owner);
            ps.setString(5, table);
            ps.setString(6, redo);
            ps.setInt(7, csf);
            ps.setString(8, rowId);
            ps.setInt(9, rollback);
            ps.setTimestamp(10, Timestamp.valueOf("2026-11-27 12:00:00"));
            ps.setString(11, " 0x0000" + Long.toHexString(at) + ".0001.0010 ");
            ps.setInt(12, 0);
            ps.setString(13, container);
            ps.executeUpdate();
        }
    }

    /** An open transaction. */
    public final class Txn {
        final String xid;

        Txn(String xid) {
            this.xid = xid;
        }

        public String xid() {
            return xid;
        }

        /** A DML row; {@code op} 1 insert, 2 delete, 3 update. */
        public Txn dml(int op, String owner, String table, String sqlRedo) throws SQLException {
            return dml(op, owner, table, sqlRedo, "AAAR3sAAEAAAACXAA" + (char) ('A' + xids.get() % 26), 0);
        }

        public Txn dml(int op, String owner, String table, String sqlRedo, String rowId, int rollback)
                throws SQLException {
            synchronized (RedoWriter.this) {
                row(next(), op, xid, owner, table, sqlRedo, 0, rowId, rollback);
                publishScn();
            }
            return this;
        }

        /** A DML row whose SQL_REDO is split into continuation rows of {@code piece} characters at one SCN. */
        public Txn dmlContinued(int op, String owner, String table, String sqlRedo, int piece) throws SQLException {
            synchronized (RedoWriter.this) {
                long at = next();
                for (int i = 0; i < sqlRedo.length(); i += piece) {
                    boolean more = i + piece < sqlRedo.length();
                    row(
                            at,
                            op,
                            xid,
                            owner,
                            table,
                            sqlRedo.substring(i, Math.min(sqlRedo.length(), i + piece)),
                            more ? 1 : 0,
                            "AAAR3sAAEAAAACXAAZ",
                            0);
                }
                publishScn();
            }
            return this;
        }

        public Txn insert(String owner, String table, String columns, String values) throws SQLException {
            return dml(
                    1,
                    owner,
                    table,
                    "insert into \"" + owner + "\".\"" + table + "\"(" + columns + ") values (" + values + ");");
        }

        public Txn update(String owner, String table, String set, String where) throws SQLException {
            return dml(
                    3, owner, table, "update \"" + owner + "\".\"" + table + "\" set " + set + " where " + where + ";");
        }

        public Txn delete(String owner, String table, String where) throws SQLException {
            return dml(2, owner, table, "delete from \"" + owner + "\".\"" + table + "\" where " + where + ";");
        }

        public long commit() throws SQLException {
            return end(7);
        }

        public long rollback() throws SQLException {
            return end(36);
        }

        private long end(int op) throws SQLException {
            synchronized (RedoWriter.this) {
                long at = next();
                row(at, op, xid, null, null, null, 0, null, 0);
                try (PreparedStatement ps =
                        db.connection().prepareStatement("DELETE FROM V$TRANSACTION_DATA WHERE XID = ?")) {
                    ps.setBytes(1, HexFormat.of().parseHex(xid));
                    ps.executeUpdate();
                }
                publishScn();
                return at;
            }
        }
    }
}
