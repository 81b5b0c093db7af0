package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every plugin directory, {@code .zip} and {@code .tar.gz} carries the project's {@code LICENSE} and a {@code NOTICE}
 * that names every jar of its {@code lib/} (generated at build time by src/build/NoticeFiles.java), each with a license.
 */
class PluginArchiveNoticeIT {

    private static final Path REPO_LICENSE =
            Path.of(System.getProperty("user.dir")).resolve("../LICENSE");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "entitynotifier-connect-sqlite",
                "entitynotifier-connect-postgres",
                "entitynotifier-connect-mysql",
                "entitynotifier-connect-oracle",
                "entitynotifier-connect-monitoring"
            })
    void everyArchiveCarriesLicenseAndANoticeNamingEachJar(String plugin) throws Exception {
        String license = Files.readString(REPO_LICENSE, StandardCharsets.UTF_8);
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004"), "LICENSE");

        Path dir = PluginArchives.BUILT.resolve(plugin);
        Map<String, String> fromDir = new HashMap<>();
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(p).toString();
                fromDir.put(name, name.endsWith(".jar") ? "" : Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        check(plugin + " directory", fromDir, license);
        check(plugin + ".zip", zip(PluginArchives.archive(plugin, ".zip"), plugin), license);
        check(plugin + ".tar.gz", tar(PluginArchives.archive(plugin, ".tar.gz"), plugin), license);
    }

    /** files: path inside the plugin directory to its text (empty for jars). */
    private static void check(String what, Map<String, String> files, String license) {
        assertEquals(license, files.get("LICENSE"), what + ": LICENSE missing or not the repository's");
        String notice = files.get("NOTICE");
        assertTrue(notice != null, what + ": no NOTICE");
        List<String> jars = files.keySet().stream()
                .filter(n -> n.startsWith("lib/") && n.endsWith(".jar"))
                .sorted()
                .toList();
        assertFalse(jars.isEmpty(), what + ": no jars in lib/");
        List<String> missing = new ArrayList<>();
        for (String jar : jars) {
            if (!notice.lines().anyMatch(l -> l.strip().equals(jar))) {
                missing.add(jar);
            }
        }
        assertEquals(List.of(), missing, what + ": jars in lib/ that NOTICE does not name:\n" + notice);
        // Each third-party entry (lib/ at the start of a line) is followed by its coordinates and a license line.
        List<String> lines = notice.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("lib/")) {
                assertTrue(
                        i + 2 < lines.size() && lines.get(i + 2).strip().startsWith("License: "),
                        what + ": no license for " + lines.get(i) + "\n" + notice);
            }
        }
    }

    private static Map<String, String> zip(Path zip, String plugin) throws IOException {
        Map<String, String> out = new HashMap<>();
        String top = plugin + "-" + PluginArchives.VERSION + "/";
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    assertTrue(e.getName().startsWith(top), zip + ": entry outside " + top + ": " + e.getName());
                    String name = e.getName().substring(top.length());
                    out.put(name, name.endsWith(".jar") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** Lists and reads the tarball with the system's tar, as a user would unpack it. */
    private static Map<String, String> tar(Path tgz, String plugin) throws Exception {
        String top = plugin + "-" + PluginArchives.VERSION + "/";
        Map<String, String> out = new HashMap<>();
        for (String entry : run("tar", "-tzf", tgz.toString()).lines().toList()) {
            if (!entry.endsWith("/")) {
                assertTrue(entry.startsWith(top), tgz + ": entry outside " + top + ": " + entry);
                String name = entry.substring(top.length());
                out.put(name, name.endsWith(".jar") ? "" : run("tar", "-xzOf", tgz.toString(), entry));
            }
        }
        return out;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed");
        return out;
    }
}
