package io.entitynotifier.connect.oracle.logminer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.entitynotifier.connect.oracle.OracleTable;
import io.entitynotifier.connect.oracle.TestTables;

/** Runs every statement of {@code redo-corpus.txt} through the parser and decoder and checks rows or errors. */
class SqlRedoCorpusTest {

    record Entry(int line, String title, OracleTable table, Map<String, String> fields) {}

    static List<Entry> corpus() throws IOException {
        String text;
        try (InputStream in = SqlRedoCorpusTest.class.getResourceAsStream("/redo-corpus.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Entry> out = new ArrayList<>();
        OracleTable table = null;
        String title = "";
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        int startLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "";
            if (line.isEmpty() || line.startsWith("#")) {
                if (fields.containsKey("redo")) {
                    out.add(new Entry(startLine, title, table, fields));
                }
                if (line.startsWith("## ")) {
                    title = line.substring(3);
                }
                fields = new LinkedHashMap<>();
                last = null;
                continue;
            }
            int colon = line.indexOf(':');
            String key = colon > 0 ? line.substring(0, colon) : "";
            if (List.of("table", "redo", "op", "before", "after", "error").contains(key)) {
                String value = line.substring(colon + 1).strip();
                if (key.equals("table")) {
                    // SCHEMA.TABLE or SCHEMA."TABLE WITH BLANKS", then the column specs
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)\\.(?:\"([^\"]+)\"|(\\S+)) (.*)")
                            .matcher(value);
                    if (!m.matches()) {
                        throw new IllegalStateException("bad table line " + (i + 1) + ": " + value);
                    }
                    table = TestTables.table(m.group(1), m.group(2) != null ? m.group(2) : m.group(3), m.group(4));
                    continue;
                }
                if (key.equals("redo")) {
                    startLine = i + 1;
                    value = line.substring(colon + 1).replaceFirst("^ ", "");
                }
                fields.put(key, value);
                last = key;
            } else if (last != null) {
                fields.put(last, fields.get(last) + "\n" + line);
            } else {
                throw new IllegalStateException("corpus line " + (i + 1) + " belongs to no field: " + line);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusStatement() throws IOException {
        SqlRedoParser parser = new SqlRedoParser();
        RedoRowDecoder decoder = new RedoRowDecoder();
        return corpus().stream()
                .map(e -> DynamicTest.dynamicTest("line " + e.line() + ": " + e.title(), () -> {
                    String redo = e.fields().get("redo");
                    if (e.fields().containsKey("error")) {
                        RedoParseException ex = assertThrows(
                                RedoParseException.class,
                                () -> decoder.decode(parser.parse(redo), e.table()),
                                "should fail: " + redo);
                        assertTrue(
                                ex.getMessage().contains(e.fields().get("error")),
                                "message '" + ex.getMessage() + "' lacks '"
                                        + e.fields().get("error") + "'");
                        return;
                    }
                    RowChange change = decoder.decode(parser.parse(redo), e.table());
                    assertEquals(e.fields().get("op"), change.op().code(), "op of " + redo);
                    assertEquals(
                            e.fields().get("before"),
                            TestTables.render(e.table(), change.before()),
                            "before of " + redo);
                    assertEquals(
                            e.fields().get("after"), TestTables.render(e.table(), change.after()), "after of " + redo);
                }));
    }

    @Test
    void corpusIsLargeAndCoversEveryOperationAndErrors() throws IOException {
        List<Entry> all = corpus();
        assertTrue(all.size() >= 90, "corpus has " + all.size() + " statements");
        for (String op : List.of("c", "u", "d")) {
            assertTrue(all.stream().anyMatch(e -> op.equals(e.fields().get("op"))), "no " + op);
        }
        assertTrue(all.stream().filter(e -> e.fields().containsKey("error")).count() >= 30);
    }
}
