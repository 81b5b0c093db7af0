package io.entitynotifier.connect.oracle.logminer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * LogMiner session control: the DBMS_LOGMNR calls that make {@code V$LOGMNR_CONTENTS} show the redo of an SCN range
 * in the caller's session. Everything around them (which logs, which window, the contents query) is plain SQL done by
 * {@link LogMinerReader}.
 */
public interface LogMinerSession {

    /** {@code DBMS_LOGMNR.ADD_LOGFILE}: one redo log (online or archived) to read. */
    void addLogFile(Connection connection, String fileName) throws SQLException;

    /** {@code DBMS_LOGMNR.START_LOGMNR} over the added logs, with the online catalog as dictionary. */
    void start(Connection connection, long startScn, long endScn) throws SQLException;

    /** {@code DBMS_LOGMNR.END_LOGMNR}: ends the session and forgets the added logs. */
    void end(Connection connection) throws SQLException;
}
