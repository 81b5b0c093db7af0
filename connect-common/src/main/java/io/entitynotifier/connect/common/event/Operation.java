package io.entitynotifier.connect.common.event;

/** The {@code op} field of the envelope, with Debezium's codes. */
public enum Operation {
    CREATE("c"),
    UPDATE("u"),
    DELETE("d"),
    READ("r"),
    TRUNCATE("t");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
