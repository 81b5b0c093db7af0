import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The quickstart's database client: creates the demo table and makes the demo changes through JDBC, with the driver
 * jar from the connector's own plugin directory, so the quickstart needs no sqlite3/psql/mysql command-line client.
 *
 * Usage: java -cp <driver.jar> DemoDatabase.java <sqlite|postgres|mysql> <jdbc url> <user> <password>
 *        <check|setup|changes|sql "<statement>">
 */
public final class DemoDatabase {

    public static void main(String[] args) {
        if (args.length < 5 || (args[4].equals("sql") && args.length != 6)) {
            fail("usage: DemoDatabase <sqlite|postgres|mysql> <jdbc url> <user> <password> "
                    + "<check|setup|changes|sql \"<statement>\">", 2);
        }
        String kind = args[0];
        String url = args[1];
        String user = args[2].isEmpty() ? null : args[2];
        String password = args[3];
        String action = args[4];
        Connection c;
        try {
            c = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            fail("cannot connect to " + url + (user == null ? "" : " as " + user) + ": " + rootMessage(e), 3);
            return;
        }
        try (c; Statement s = c.createStatement()) {
            List<String> sqls = action.equals("sql") ? List.of(args[5]) : statements(kind, action);
            for (String sql : sqls) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            fail(action + " failed on " + url + ": " + rootMessage(e), 4);
        }
    }

    static List<String> statements(String kind, String action) {
        String table = kind.equals("sqlite") ? "customers" : "entitynotifier_demo_customers";
        String text = kind.equals("mysql") ? "VARCHAR(200)" : "TEXT";
        return switch (action) {
            case "check" -> List.of("SELECT 1");
            case "setup" -> {
                List<String> sql = new java.util.ArrayList<>(List.of(
                        "DROP TABLE IF EXISTS " + table,
                        "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, name " + text + " NOT NULL, email "
                                + text + ")"));
                if (kind.equals("postgres")) {
                    // Full old rows in update and delete events (the default identity carries the key only).
                    sql.add("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
                }
                sql.add("INSERT INTO " + table + " VALUES (1, 'Ann', 'ann@example.com')");
                sql.add("INSERT INTO " + table + " VALUES (2, 'Bob', NULL)");
                yield sql;
            }
            case "changes" -> List.of(
                    "INSERT INTO " + table + " VALUES (3, 'Cy', 'cy@example.com')",
                    "UPDATE " + table + " SET email = 'bob@example.com' WHERE id = 2",
                    "DELETE FROM " + table + " WHERE id = 1");
            default -> {
                fail("unknown action " + action, 2);
                yield List.of();
            }
        };
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t == e ? m : e.getMessage() + " (" + t.getClass().getSimpleName() + ": " + m + ")";
    }

    static void fail(String message, int code) {
        System.err.println("ERROR: " + message);
        System.exit(code);
    }
}
