package io.entitynotifier.connect.mysql.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Plans the chunk boundaries of a parallel snapshot (NOT WIRED YET, see issue #19) on the planning connection: the
 * key of the {@code chunkSize}-th row after {@code after}, with the same {@code WHERE (pk) > (...) ORDER BY pk} (same
 * collation, same text/hex key form) as {@link SnapshotReader}, so chunk {@code (prev, bound]} holds exactly the rows
 * the single-threaded reader's next chunk holds. Null means fewer rows remain: the last chunk is open-ended.
 */
final class ChunkPlanner {

    private final String sql;
    private final String sqlFirst;
    private final List<Boolean> binary;

    /**
     * @param from {@code FROM `db`.`t`}
     * @param order the quoted key columns, comma-separated
     * @param placeholders the key placeholders ({@code ?} or {@code UNHEX(?)} per column)
     * @param binary per key column, whether its key text is hex
     */
    ChunkPlanner(String from, String order, String placeholders, List<Boolean> binary, int chunkSize) {
        String tail = " ORDER BY " + order + " LIMIT 1 OFFSET " + (chunkSize - 1);
        this.sqlFirst = "SELECT " + order + " " + from + tail;
        this.sql = "SELECT " + order + " " + from + " WHERE (" + order + ") > (" + placeholders + ")" + tail;
        this.binary = binary;
    }

    /** The upper bound (inclusive) of the chunk after {@code after} (null: from the start), or null if open-ended. */
    List<String> nextBound(Connection c, List<String> after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(after == null ? sqlFirst : sql)) {
            if (after != null) {
                for (int k = 0; k < after.size(); k++) {
                    ps.setString(k + 1, after.get(k));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<String> out = new ArrayList<>(binary.size());
                for (int k = 0; k < binary.size(); k++) {
                    out.add(binary.get(k) ? HexFormat.of().formatHex(rs.getBytes(k + 1)) : rs.getString(k + 1));
                }
                return out;
            }
        }
    }
}
