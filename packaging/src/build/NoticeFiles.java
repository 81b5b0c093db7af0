import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes {@code NOTICE} into each plugin directory: every jar of its {@code lib/} with the Maven coordinates and
 * licenses that license-maven-plugin read from the dependencies' POMs (target/third-party/third-party.tsv, one line
 * per runtime dependency, see src/license/third-party.ftl). A jar without an entry, or an entry without a license,
 * fails the build, so the notice cannot drift from what the archive ships.
 *
 * <p>Run by the antrun step in packaging/pom.xml as a single-file source program:
 * {@code java NoticeFiles.java <third-party.tsv> <version> <plugins dir> <plugin name>...}
 */
public final class NoticeFiles {

    private record Entry(String coordinates, String name, String[] licenses, String[] urls) { }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: NoticeFiles <third-party.tsv> <version> <plugins dir> <plugin>...");
        }
        Map<String, Entry> byFile = read(Path.of(args[0]));
        String version = args[1];
        Path pluginsDir = Path.of(args[2]);
        List<String> problems = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            write(pluginsDir.resolve(args[i]), args[i], version, byFile, problems);
        }
        if (!problems.isEmpty()) {
            System.err.println("NOTICE generation failed:");
            problems.forEach(p -> System.err.println("  " + p));
            System.exit(1);
        }
    }

    private static Map<String, Entry> read(Path tsv) throws IOException {
        Map<String, Entry> out = new HashMap<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalStateException(tsv + ": expected 5 tab-separated fields: " + line);
            }
            String[] licenses = f[3].isBlank() ? new String[0] : f[3].split(" \\| ");
            out.put(f[0], new Entry(f[1], f[2].strip(), licenses, f[4].split(" \\| ", -1)));
        }
        return out;
    }

    /**
     * The assembly may resolve another version of a dependency than the module's own resolution (it mediates per
     * dependency set): then the entry of the same artifact in another version, with the jar's version named.
     */
    private static Entry sameArtifact(String jar, Map<String, Entry> byFile) {
        Entry best = null;
        int bestLength = -1;
        for (Entry e : byFile.values()) {
            String[] gav = e.coordinates().split(":");
            String prefix = gav[1] + "-";
            if (jar.startsWith(prefix) && jar.length() > prefix.length() && Character.isDigit(jar.charAt(prefix.length()))
                    && prefix.length() > bestLength) {
                String version = jar.substring(prefix.length(), jar.length() - ".jar".length());
                String declared = version.equals(gav[2]) ? "" : "; license as declared by " + gav[2];
                best = new Entry(gav[0] + ":" + gav[1] + ":" + version + declared,
                        e.name(), e.licenses(), e.urls());
                bestLength = prefix.length();
            }
        }
        return best;
    }

    private static void write(Path dir, String plugin, String version, Map<String, Entry> byFile,
            List<String> problems) throws IOException {
        List<String> jars;
        try (Stream<Path> lib = Files.list(dir.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
        StringBuilder own = new StringBuilder();
        StringBuilder third = new StringBuilder();
        for (String jar : jars) {
            if (jar.matches("connect-[a-z]+-" + java.util.regex.Pattern.quote(version) + "\\.jar")) {
                own.append("  lib/").append(jar).append('\n');
                continue;
            }
            Entry e = byFile.get(jar);
            if (e == null) {
                e = sameArtifact(jar, byFile);
            }
            if (e == null) {
                problems.add(plugin + ": lib/" + jar + " is not among the build's runtime dependencies");
                continue;
            }
            if (e.licenses().length == 0) {
                problems.add(plugin + ": lib/" + jar + " (" + e.coordinates() + ") declares no license in its POM");
                continue;
            }
            third.append("lib/").append(jar).append('\n');
            third.append("    ").append(e.name()).append(" (").append(e.coordinates()).append(")\n");
            for (int i = 0; i < e.licenses().length; i++) {
                String url = i < e.urls().length ? e.urls()[i] : "";
                third.append("    License: ").append(e.licenses()[i]);
                if (!url.isBlank()) {
                    third.append(" <").append(url).append('>');
                }
                third.append('\n');
            }
            third.append('\n');
        }
        String text = "EntityNotifier for Kafka Connect: " + plugin + " " + version + "\n"
                + "Copyright 2026 The EntityNotifier authors\n\n"
                + "This product is licensed under the Apache License, Version 2.0 (see LICENSE).\n"
                + "The jars of this product in lib/:\n" + own + "\n"
                + (third.isEmpty() ? "This product bundles no third-party jars.\n"
                        : "This product bundles the following third-party jars in lib/, each under its own license\n"
                        + "(generated at build time from the dependencies' POMs):\n\n" + third);
        Files.writeString(dir.resolve("NOTICE"), text, StandardCharsets.UTF_8);
        System.out.println("[NOTICE] " + plugin + ": " + jars.size() + " jars in lib/ listed");
    }
}
