package io.entitynotifier.connect.oracle.logminer;

/** {@code SQL_REDO} that does not have a shape LogMiner produces, or a value that does not fit its column. */
public class RedoParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedoParseException(String message) {
        super(message);
    }

    public RedoParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
