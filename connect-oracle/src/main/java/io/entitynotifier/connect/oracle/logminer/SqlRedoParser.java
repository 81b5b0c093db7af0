package io.entitynotifier.connect.oracle.logminer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the DML statements LogMiner reconstructs in {@code SQL_REDO}:
 * <pre>
 * insert into "S"."T"("A","B") values ('1',NULL);
 * update "S"."T" set "B" = 'x' where "A" = '1' and "B" IS NULL [and ROWID = '...'];
 * delete from "S"."T" where "A" = '1' and "B" = 'y';
 * </pre>
 * Values stay uninterpreted {@link RedoValue}s; the column types decide what they mean. Anything else is rejected with
 * the position and what was expected there: a statement that cannot be read must stop the connector, not lose a row.
 * Stateless and thread-safe.
 */
public final class SqlRedoParser {

    public RedoStatement parse(String sql) {
        if (sql == null) {
            throw new RedoParseException("SQL_REDO is null");
        }
        return new Cursor(sql).statement();
    }

    /** Recursive-descent reader over one statement. */
    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        RedoStatement statement() {
            skipSpace();
            String verb = word();
            RedoStatement st = switch (verb.toUpperCase(Locale.ROOT)) {
                case "INSERT" -> insert();
                case "UPDATE" -> update();
                case "DELETE" -> delete();
                default -> throw error("expected insert, update or delete but found '" + verb + "'");
            };
            skipSpace();
            if (peek() == ';') {
                pos++;
                skipSpace();
            }
            if (pos < s.length()) {
                throw error("unexpected text after the end of the statement");
            }
            return st;
        }

        private RedoStatement insert() {
            keyword("INTO");
            String[] name = tableName();
            skipSpace();
            List<String> columns = new ArrayList<>();
            expect('(');
            do {
                columns.add(identifier());
            } while (accept(','));
            expect(')');
            keyword("VALUES");
            List<RedoValue> values = new ArrayList<>();
            expect('(');
            do {
                values.add(value());
            } while (accept(','));
            expect(')');
            if (columns.size() != values.size()) {
                throw error(columns.size() + " columns but " + values.size() + " values");
            }
            Map<String, RedoValue> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                put(row, columns.get(i), values.get(i));
            }
            return new RedoStatement(RedoStatement.Kind.INSERT, name[0], name[1], row, Map.of());
        }

        private RedoStatement update() {
            String[] name = tableName();
            keyword("SET");
            Map<String, RedoValue> set = new LinkedHashMap<>();
            do {
                String column = identifier();
                expect('=');
                put(set, column, value());
            } while (accept(','));
            Map<String, RedoValue> where = whereClause(true);
            return new RedoStatement(RedoStatement.Kind.UPDATE, name[0], name[1], set, where);
        }

        private RedoStatement delete() {
            keyword("FROM");
            String[] name = tableName();
            Map<String, RedoValue> where = whereClause(false);
            return new RedoStatement(RedoStatement.Kind.DELETE, name[0], name[1], Map.of(), where);
        }

        /** {@code where "A" = v and "B" IS NULL and ROWID = '..'}; ROWID conditions are dropped. */
        private Map<String, RedoValue> whereClause(boolean optional) {
            skipSpace();
            Map<String, RedoValue> where = new LinkedHashMap<>();
            if (pos >= s.length() || peek() == ';') {
                if (optional) {
                    return where;
                }
                throw error("expected where");
            }
            keyword("WHERE");
            do {
                skipSpace();
                boolean quoted = peek() == '"';
                String column = identifier();
                skipSpace();
                RedoValue v;
                if (peek() == '=') {
                    pos++;
                    v = value();
                } else {
                    keyword("IS");
                    keyword("NULL");
                    v = RedoValue.NULL;
                }
                if (!quoted && column.equalsIgnoreCase("ROWID")) {
                    continue;
                }
                put(where, column, v);
            } while (acceptKeyword("AND"));
            return where;
        }

        private void put(Map<String, RedoValue> map, String column, RedoValue v) {
            if (map.put(column, v) != null) {
                throw error("column \"" + column + "\" appears twice");
            }
        }

        private String[] tableName() {
            String first = identifier();
            skipSpace();
            if (peek() == '.') {
                pos++;
                return new String[] {first, identifier()};
            }
            throw error("expected a schema-qualified table name");
        }

        private String identifier() {
            skipSpace();
            if (peek() == '"') {
                int end = s.indexOf('"', pos + 1);
                if (end < 0) {
                    throw error("unterminated quoted identifier");
                }
                String id = s.substring(pos + 1, end);
                if (id.isEmpty()) {
                    throw error("empty identifier");
                }
                pos = end + 1;
                return id;
            }
            String w = word();
            if (w.isEmpty()) {
                throw error("expected an identifier");
            }
            return w.toUpperCase(Locale.ROOT);
        }

        RedoValue value() {
            RedoValue v = term();
            skipSpace();
            if (!s.startsWith("||", pos)) {
                return v;
            }
            // String concatenation ('a' || CHR(10) || 'b'): fold into one string literal.
            StringBuilder sb = new StringBuilder(concatPart(v));
            while (s.startsWith("||", pos)) {
                pos += 2;
                sb.append(concatPart(term()));
                skipSpace();
            }
            return RedoValue.string(sb.toString());
        }

        private String concatPart(RedoValue v) {
            if (v.kind() == RedoValue.Kind.STRING) {
                return v.text();
            }
            if (v.isFunction("CHR") && v.args().size() == 1) {
                RedoValue a = v.args().get(0);
                try {
                    return new String(Character.toChars(Integer.parseInt(a.text())));
                } catch (RuntimeException e) {
                    throw error("CHR() of something that is not a code point: " + a);
                }
            }
            if (v.isFunction("UNISTR") && v.args().size() == 1) {
                return Unistr.decode(v.args().get(0).text());
            }
            throw error("cannot concatenate " + v);
        }

        private RedoValue term() {
            skipSpace();
            char c = peek();
            if (c == '\'') {
                return RedoValue.string(quoted());
            }
            if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
                return RedoValue.number(number());
            }
            String w = word();
            if (w.isEmpty()) {
                throw error(
                        pos >= s.length()
                                ? "statement ends where a value was expected"
                                : "expected a value but found '" + c + "'");
            }
            String upper = w.toUpperCase(Locale.ROOT);
            if (upper.equals("NULL")) {
                return RedoValue.NULL;
            }
            if (upper.equals("UNSUPPORTED")) {
                keyword("TYPE");
                return RedoValue.UNSUPPORTED;
            }
            skipSpace();
            if (peek() != '(') {
                throw error("unexpected word '" + w + "' where a value was expected");
            }
            pos++;
            List<RedoValue> args = new ArrayList<>();
            skipSpace();
            if (peek() != ')') {
                do {
                    args.add(value());
                } while (accept(','));
            }
            expect(')');
            return RedoValue.function(upper, args);
        }

        private String quoted() {
            StringBuilder sb = new StringBuilder();
            int i = pos + 1;
            while (true) {
                int q = s.indexOf('\'', i);
                if (q < 0) {
                    throw error("unterminated string literal");
                }
                sb.append(s, i, q);
                if (q + 1 < s.length() && s.charAt(q + 1) == '\'') {
                    sb.append('\'');
                    i = q + 2;
                } else {
                    pos = q + 1;
                    return sb.toString();
                }
            }
        }

        private String number() {
            int start = pos;
            if (peek() == '-' || peek() == '+') {
                pos++;
            }
            boolean digits = false;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') {
                    digits = true;
                    pos++;
                } else if (c == '.') {
                    pos++;
                } else if ((c == 'E' || c == 'e') && digits) {
                    pos++;
                    if (peek() == '-' || peek() == '+') {
                        pos++;
                    }
                } else {
                    break;
                }
            }
            if (!digits) {
                throw error("malformed number");
            }
            return s.substring(start, pos);
        }

        private String word() {
            skipSpace();
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        private void keyword(String kw) {
            int at = pos;
            String w = word();
            if (!w.equalsIgnoreCase(kw)) {
                pos = at;
                skipSpace();
                throw error("expected " + kw + (w.isEmpty() ? "" : " but found '" + w + "'"));
            }
        }

        private boolean acceptKeyword(String kw) {
            int at = pos;
            String w = word();
            if (w.equalsIgnoreCase(kw)) {
                return true;
            }
            pos = at;
            return false;
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw error("expected '" + c + "'" + (pos < s.length() ? " but found '" + peek() + "'" : ""));
            }
            pos++;
        }

        private boolean accept(char c) {
            skipSpace();
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private RedoParseException error(String what) {
            return new RedoParseException(what + " at character " + (pos + 1) + " of " + s.length());
        }
    }
}
