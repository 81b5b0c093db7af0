import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints line and branch coverage per module from JaCoCo's aggregate CSV (packaging/target/site/jacoco-aggregate/
 * jacoco.csv), so the build output ends with the figures. No thresholds: it never fails the build for a low figure,
 * only says so when the report is missing.
 *
 * <p>Run by the antrun step in packaging/pom.xml: {@code java CoverageSummary.java <jacoco.csv>}
 */
public final class CoverageSummary {

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args[0]);
        if (!Files.isRegularFile(csv)) {
            System.out.println("[coverage] no report at " + csv + " (tests skipped?)");
            return;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        // Columns are counted from the end: the first, GROUP ("<aggregating project's name>/<module>"), may be a
        // quoted name with commas in it.
        List<String> header = List.of(lines.get(0).split(","));
        int n = header.size();
        int bm = header.indexOf("BRANCH_MISSED") - n;
        int bc = header.indexOf("BRANCH_COVERED") - n;
        int lm = header.indexOf("LINE_MISSED") - n;
        int lc = header.indexOf("LINE_COVERED") - n;
        Map<String, long[]> byModule = new TreeMap<>();
        long[] total = new long[4];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            int k = f.length;
            String group = String.join(",", java.util.Arrays.copyOf(f, k - (n - 1)));
            String module = group.substring(group.lastIndexOf('/') + 1).replace("\"", "");
            long[] m = byModule.computeIfAbsent(module, x -> new long[4]);
            long[] v = {Long.parseLong(f[k + lm]), Long.parseLong(f[k + lc]), Long.parseLong(f[k + bm]),
                Long.parseLong(f[k + bc])};
            for (int i = 0; i < 4; i++) {
                m[i] += v[i];
                total[i] += v[i];
            }
        }
        System.out.println("[coverage] JaCoCo, all modules' tests (" + csv + "; HTML: index.html beside it)");
        System.out.printf("[coverage] %-20s %22s %22s%n", "module", "lines", "branches");
        byModule.forEach((module, m) -> System.out.println(row(module, m)));
        System.out.println(row("total", total));
    }

    private static String row(String name, long[] m) {
        return String.format("[coverage] %-20s %22s %22s", name, pct(m[1], m[0] + m[1]), pct(m[3], m[2] + m[3]));
    }

    private static String pct(long covered, long all) {
        return all == 0 ? "-" : String.format("%5.1f%% (%d/%d)", 100.0 * covered / all, covered, all);
    }
}
