package io.entitynotifier.connect.mysql.schema;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the collation ids of binlog table maps to Java charsets, using the server's own collation list (ids differ
 * between MySQL and MariaDB). {@code null} stands for the binary charset: the column holds bytes, not text.
 */
public final class CollationCharsets {

    public static final int BINARY_COLLATION = 63;

    private final Map<Integer, String> charsetByCollation;

    public CollationCharsets(Map<Integer, String> charsetByCollation) {
        this.charsetByCollation = Map.copyOf(charsetByCollation);
    }

    public static CollationCharsets load(Connection c) throws SQLException {
        Map<Integer, String> m = new HashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATIONS")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                String charset = rs.getString(2);
                if (!rs.wasNull() && charset != null) { // MariaDB lists some collations without an id
                    m.put(id, charset);
                }
            }
        }
        return new CollationCharsets(m);
    }

    /** The charset name MySQL uses for a collation id, or null when the id is unknown. */
    public String charsetName(int collationId) {
        return charsetByCollation.get(collationId);
    }

    /** Java charset for a collation id; null for binary. */
    public Charset charset(int collationId) {
        if (collationId == BINARY_COLLATION) {
            return null;
        }
        String name = charsetByCollation.get(collationId);
        if (name == null) {
            throw new IllegalArgumentException("unknown collation id " + collationId);
        }
        return javaCharset(name);
    }

    /** Java charset for a MySQL charset name; null for binary. */
    public static Charset javaCharset(String mysqlName) {
        String n = mysqlName.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "binary" -> null;
            case "utf8mb4", "utf8mb3", "utf8" -> StandardCharsets.UTF_8;
            case "latin1" -> Charset.forName("windows-1252"); // MySQL's latin1 is cp1252
            case "ascii" -> StandardCharsets.US_ASCII;
            case "ucs2", "utf16" -> StandardCharsets.UTF_16BE;
            case "utf16le" -> StandardCharsets.UTF_16LE;
            case "utf32" -> Charset.forName("UTF-32BE");
            case "latin2" -> Charset.forName("ISO-8859-2");
            case "latin5" -> Charset.forName("ISO-8859-9");
            case "latin7" -> Charset.forName("ISO-8859-13");
            case "greek" -> Charset.forName("ISO-8859-7");
            case "hebrew" -> Charset.forName("ISO-8859-8");
            case "cp1250" -> Charset.forName("windows-1250");
            case "cp1251" -> Charset.forName("windows-1251");
            case "cp1256" -> Charset.forName("windows-1256");
            case "cp1257" -> Charset.forName("windows-1257");
            case "cp850" -> Charset.forName("IBM850");
            case "cp852" -> Charset.forName("IBM852");
            case "cp866" -> Charset.forName("IBM866");
            case "koi8r" -> Charset.forName("KOI8-R");
            case "koi8u" -> Charset.forName("KOI8-U");
            case "sjis" -> Charset.forName("Shift_JIS");
            case "cp932" -> Charset.forName("windows-31j");
            case "ujis" -> Charset.forName("EUC-JP");
            case "eucjpms" -> Charset.forName("x-eucJP-Open");
            case "euckr" -> Charset.forName("EUC-KR");
            case "gb2312" -> Charset.forName("GB2312");
            case "gbk" -> Charset.forName("GBK");
            case "gb18030" -> Charset.forName("GB18030");
            case "big5" -> Charset.forName("Big5");
            case "tis620" -> Charset.forName("TIS-620");
            default -> throw new IllegalArgumentException("charset " + mysqlName + " is not supported");
        };
    }
}
