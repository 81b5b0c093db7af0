package io.entitynotifier.connect.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.entitynotifier.connect.common.schema.BinaryHandlingMode;
import io.entitynotifier.connect.common.schema.DecimalHandlingMode;
import io.entitynotifier.connect.common.schema.TableFilter;

/**
 * The planning SQL of the parallel snapshot groundwork: Oracle text, and on the H2 stand-in (not Oracle) chunks cut
 * by the bound query cover every row of a composite-key table once, in key order, each full chunk chunkSize rows.
 */
class SnapshotChunkBoundsTest {

    @Test
    void oracleText() {
        OracleTable pairs = TestTables.table("APP", "PAIRS", "A NUMBER(5) PK, B VARCHAR2(10) PK, V VARCHAR2(10)");
        OracleDialect oracle = new OracleDatabaseDialect();
        assertEquals(
                "SELECT \"A\", \"B\" FROM \"APP\".\"PAIRS\" AS OF SCN 5 WHERE (\"A\" > ?) OR (\"A\" = ? AND "
                        + "\"B\" > ?) ORDER BY \"A\", \"B\" OFFSET 9 ROWS FETCH NEXT 1 ROWS ONLY",
                SnapshotChunkBounds.boundQuery(pairs, oracle, 5, true, 10));
        assertEquals(
                "SELECT \"A\", \"B\", \"V\" FROM \"APP\".\"PAIRS\" AS OF SCN 5 WHERE NOT ((\"A\" > ?) OR "
                        + "(\"A\" = ? AND \"B\" > ?)) ORDER BY \"A\", \"B\"",
                SnapshotChunkBounds.boundedChunkQuery(pairs, oracle, 5, false));
    }

    @Test
    void boundsCutEveryRowOnceInKeyOrderOnH2() throws Exception {
        try (H2Oracle db = new H2Oracle("chunkbounds1")) {
            db.createTable("APP", "PAIRS", "A NUMBER(5) PK, B VARCHAR2(10) PK, V VARCHAR2(10)");
            List<String> expected = new ArrayList<>();
            for (int a = 0; a < 7; a++) {
                for (int b = 0; b < 5; b++) {
                    db.execute("INSERT INTO \"APP\".\"PAIRS\" VALUES (" + a + ", 'b" + b + "', 'v')");
                    expected.add(a + "/b" + b);
                }
            }
            OracleSchemaReader reader = new OracleSchemaReader(
                    "p",
                    "DB",
                    new TableFilter(List.of(), List.of(), List.of()),
                    new SchemaFilter(List.of(), List.of()),
                    DecimalHandlingMode.PRECISE,
                    BinaryHandlingMode.BYTES,
                    "x",
                    TestTables.SOURCE);
            Connection c = db.connection();
            OracleTable table = reader.read(c, reader.tableId("APP", "PAIRS"));
            OracleDialect h2 = new H2TestDialect();
            int chunkSize = 4;
            List<String> seen = new ArrayList<>();
            Object[] lower = null;
            int chunks = 0;
            while (true) {
                Object[] upper = null;
                try (PreparedStatement ps =
                        c.prepareStatement(SnapshotChunkBounds.boundQuery(table, h2, 1, lower != null, chunkSize))) {
                    bind(ps, 1, lower);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            upper = new Object[] {rs.getObject(1), rs.getObject(2)};
                        }
                    }
                }
                if (upper == null) {
                    // the rest (fewer than chunkSize rows) is the single reader's last chunk
                    try (PreparedStatement ps =
                            c.prepareStatement(SnapshotReader.chunkQuery(table, h2, 1, lower != null, chunkSize))) {
                        bind(ps, 1, lower);
                        int n = collect(ps, seen);
                        assertTrue(n < chunkSize, "the last chunk has fewer than chunkSize rows");
                    }
                    break;
                }
                try (PreparedStatement ps =
                        c.prepareStatement(SnapshotChunkBounds.boundedChunkQuery(table, h2, 1, lower != null))) {
                    int p = bind(ps, 1, lower);
                    bind(ps, p, upper);
                    assertEquals(chunkSize, collect(ps, seen), "a bounded chunk is a full chunk");
                }
                chunks++;
                lower = upper;
            }
            assertEquals(expected.size() / chunkSize, chunks);
            assertEquals(expected, seen);
        }
    }

    /** Binds a key as k1, k1, k2; returns the next parameter index. */
    private static int bind(PreparedStatement ps, int p, Object[] key) throws Exception {
        if (key == null) {
            return p;
        }
        for (int i = 0; i < key.length; i++) {
            for (int j = 0; j <= i; j++) {
                ps.setObject(p++, key[j]);
            }
        }
        return p;
    }

    private static int collect(PreparedStatement ps, List<String> seen) throws Exception {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                seen.add(rs.getObject(1) + "/" + rs.getString(2));
                n++;
            }
        }
        return n;
    }
}
