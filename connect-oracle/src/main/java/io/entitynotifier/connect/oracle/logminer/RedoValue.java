package io.entitynotifier.connect.oracle.logminer;

import java.util.List;

/**
 * One value as LogMiner writes it in {@code SQL_REDO}, before it is interpreted with the column's type: a quoted
 * string ({@code 'It''s'}), a bare number, {@code NULL}, a function call ({@code TO_DATE('..', '..')},
 * {@code HEXTORAW('..')}, {@code EMPTY_CLOB()}) or LogMiner's {@code Unsupported Type} marker.
 */
public record RedoValue(Kind kind, String text, List<RedoValue> args) {

    public enum Kind {
        NULL,
        STRING,
        NUMBER,
        FUNCTION,
        UNSUPPORTED
    }

    public static final RedoValue NULL = new RedoValue(Kind.NULL, null, List.of());
    public static final RedoValue UNSUPPORTED = new RedoValue(Kind.UNSUPPORTED, "Unsupported Type", List.of());

    public static RedoValue string(String s) {
        return new RedoValue(Kind.STRING, s, List.of());
    }

    public static RedoValue number(String s) {
        return new RedoValue(Kind.NUMBER, s, List.of());
    }

    /** {@code name} is upper case. */
    public static RedoValue function(String name, List<RedoValue> args) {
        return new RedoValue(Kind.FUNCTION, name, List.copyOf(args));
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    public boolean isFunction(String name) {
        return kind == Kind.FUNCTION && text.equals(name);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NULL -> "NULL";
            case STRING -> "'" + text.replace("'", "''") + "'";
            case NUMBER, UNSUPPORTED -> text;
            case FUNCTION -> text + args.toString().replace('[', '(').replace(']', ')');
        };
    }
}
