import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints SpotBugs' result per module (each module's target/spotbugsXml.xml, written by its verify phase earlier in
 * the reactor), so the build output ends with it. A module's spotbugs:check has already failed the build on a finding;
 * this only repeats the figures in one place.
 *
 * <p>Run by the antrun step in packaging/pom.xml: {@code java SpotbugsSummary.java <repository root> <module>...}
 */
public final class SpotbugsSummary {

    private static final Pattern SUMMARY = Pattern.compile("<FindBugsSummary [^>]*>");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        System.out.println("[spotbugs] findings per module (exclusions with reasons: spotbugs-exclude.xml)");
        for (int i = 1; i < args.length; i++) {
            Path xml = root.resolve(args[i]).resolve("target/spotbugsXml.xml");
            String line;
            if (!Files.isRegularFile(xml)) {
                line = "not run";
            } else {
                Matcher m = SUMMARY.matcher(Files.readString(xml, StandardCharsets.UTF_8));
                line = m.find() ? attribute(m.group(), "total_bugs") + " findings in "
                        + attribute(m.group(), "total_classes") + " classes, "
                        + attribute(m.group(), "clock_seconds") + " s" : "unreadable: " + xml;
            }
            System.out.printf("[spotbugs] %-20s %s%n", args[i], line);
        }
    }

    private static String attribute(String element, String name) {
        Matcher m = Pattern.compile(name + "=['\"]([^'\"]*)['\"]").matcher(element);
        return m.find() ? m.group(1) : "?";
    }
}
