package io.entitynotifier.connect.oracle.logminer;

/**
 * One row of {@code V$LOGMNR_CONTENTS}, with continuation rows ({@code CSF = 1}) already joined into one SQL_REDO.
 *
 * @param operationCode 1 insert, 2 delete, 3 update, 5 DDL, 6 start, 7 commit, 36 rollback, 255 unsupported
 * @param rollback      the ROLLBACK column: 1 for a change that undoes an earlier one (rollback to a savepoint)
 * @param timestampMs   the TIMESTAMP column (when the change or commit happened), UTC milliseconds
 */
public record RedoRow(
        long scn,
        int operationCode,
        String xid,
        String owner,
        String table,
        String sqlRedo,
        String rowId,
        boolean rollback,
        long timestampMs,
        String rsId,
        long ssn) {

    public static final int INSERT = 1;
    public static final int DELETE = 2;
    public static final int UPDATE = 3;
    public static final int DDL = 5;
    public static final int START = 6;
    public static final int COMMIT = 7;
    public static final int ROLLBACK = 36;
    public static final int UNSUPPORTED = 255;

    /** A DDL row for {@code TRUNCATE TABLE} (its SQL_REDO is the statement as the user wrote it). */
    public boolean isTruncate() {
        return operationCode == DDL
                && sqlRedo != null
                && sqlRedo.stripLeading().regionMatches(true, 0, "truncate", 0, 8);
    }

    public boolean isDml() {
        return operationCode == INSERT || operationCode == DELETE || operationCode == UPDATE;
    }
}
