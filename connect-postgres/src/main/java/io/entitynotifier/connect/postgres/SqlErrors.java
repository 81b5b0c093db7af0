package io.entitynotifier.connect.postgres;

import java.io.IOException;
import java.sql.SQLException;

/** Classifies server errors: which ones a reconnect can cure. */
final class SqlErrors {

    private SqlErrors() {}

    /** Connection lost or refused, server shutting down or starting up, too many connections. */
    static boolean retriable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return hasIoCause(e);
        }
        return state.startsWith("08")
                || state.equals("57P01")
                || state.equals("57P02")
                || state.equals("57P03")
                || state.equals("53300")
                || hasIoCause(e);
    }

    /** "replication slot ... is active for PID ...": another connection streams from the slot. */
    static boolean slotInUse(SQLException e) {
        String msg = e.getMessage();
        return "55006".equals(e.getSQLState()) || (msg != null && msg.contains("is active for PID"));
    }

    private static boolean hasIoCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
