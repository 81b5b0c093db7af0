package io.entitynotifier.connect.common.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Debezium's {@code database.initial.statements}: SQL run on every new JDBC connection to the database (not on the
 * log-reading connection), separated by {@code ;}, with {@code ;;} standing for a semicolon inside a statement.
 */
public final class InitialStatements {

    public static final String CONFIG = "database.initial.statements";
    static final String DOC = "Semicolon-separated SQL statements run on every new JDBC connection to the database "
            + "(not on the replication or binlog connection), as Debezium: for example session settings. Use ';;' "
            + "for a semicolon inside a statement. A failing statement fails the connection with an error naming "
            + "this key and the statement's number.";

    /** The message prefix of a failure, so that validate reports it on {@link #CONFIG}. */
    public static final String FAILURE = CONFIG + ": statement ";

    private InitialStatements() {}

    public static void define(ConfigDef def, String group, int order) {
        def.define(CONFIG, Type.STRING, "", Importance.LOW, DOC, group, order, Width.LONG, "Initial statements");
    }

    /** The statements of {@code text}, blank ones left out. */
    public static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == ';') {
                if (i + 1 < text.length() && text.charAt(i + 1) == ';') {
                    current.append(';');
                    i++;
                    continue;
                }
                add(out, current);
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().trim();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** Runs the statements of {@code text} on {@code c}; a failure names the key and the statement's number. */
    public static void run(Connection c, String text) throws SQLException {
        List<String> statements = parse(text);
        for (int i = 0; i < statements.size(); i++) {
            try (Statement st = c.createStatement()) {
                st.execute(statements.get(i));
            } catch (SQLException e) {
                throw new SQLException(
                        FAILURE + (i + 1) + " of " + statements.size() + " failed: " + e.getMessage(),
                        e.getSQLState(),
                        e);
            }
        }
    }
}
