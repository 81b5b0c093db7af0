package io.entitynotifier.connect.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.entitynotifier.connect.common.testing.ConnectTestCluster;

/** The built archives under {@code packaging/target/plugins}, unpacked the way users install them. */
final class PluginArchives {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path BUILT = Path.of(System.getProperty("plugins.dir", "target/plugins"));
    static final String VERSION = System.getProperty("plugin.version", "0.1.0-SNAPSHOT");

    /** Keys of the Confluent Hub component manifest that the hub and its CLI read. */
    static final List<String> MANIFEST_KEYS = List.of(
            "name",
            "version",
            "title",
            "description",
            "owner",
            "component_types",
            "tags",
            "license",
            "documentation_url");

    private PluginArchives() {}

    static Path archive(String plugin, String extension) {
        Path p = BUILT.resolve(plugin + "-" + VERSION + extension);
        assertTrue(Files.isRegularFile(p), "archive not built: " + p + " (run mvn package first)");
        return p;
    }

    /** Unzips {@code <plugin>-<version>.zip} into {@code pluginPath}; returns the plugin directory. */
    static Path unzip(String plugin, Path pluginPath) throws IOException {
        Path zip = archive(plugin, ".zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = pluginPath.resolve(e.getName()).normalize();
                assertTrue(target.startsWith(pluginPath), "entry escapes the archive: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return pluginDir(plugin, pluginPath);
    }

    /** Unpacks {@code <plugin>-<version>.tar.gz} with the system's tar, as a user would. */
    static Path untar(String plugin, Path pluginPath) throws Exception {
        Path tgz = archive(plugin, ".tar.gz");
        Files.createDirectories(pluginPath);
        Process p = new ProcessBuilder("tar", "-xzf", tgz.toAbsolutePath().toString(), "-C", pluginPath.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tar did not finish");
        assertEquals(0, p.exitValue(), "tar failed: " + out);
        return pluginDir(plugin, pluginPath);
    }

    /** The archive holds exactly one top-level directory, the plugin, with the files users and the hub expect. */
    private static Path pluginDir(String plugin, Path pluginPath) throws IOException {
        try (var top = Files.list(pluginPath)) {
            assertEquals(
                    List.of(plugin + "-" + VERSION),
                    top.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith(plugin))
                            .toList());
        }
        Path dir = pluginPath.resolve(plugin + "-" + VERSION);
        List<String> expected = plugin.endsWith("-monitoring")
                ? List.of("manifest.json", "README.md")
                : List.of("manifest.json", "README.md", "doc/configuration.md");
        for (String f : expected) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), plugin + " lacks " + f);
        }
        try (var etc = Files.list(dir.resolve("etc"))) {
            assertTrue(etc.anyMatch(p -> p.toString().endsWith(".json")), plugin + " lacks an example config");
        }
        try (var lib = Files.list(dir.resolve("lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            for (String forbidden :
                    List.of("kafka-clients", "connect-api", "slf4j-api", "jackson-core", "jackson-databind")) {
                assertTrue(
                        jars.stream().noneMatch(j -> j.startsWith(forbidden)),
                        plugin + " ships " + forbidden + ", which the worker supplies: " + jars);
            }
        }
        return dir;
    }

    /** Reads the plugin's manifest.json, checking the hub's keys are present and the version is the build's. */
    static JsonNode manifest(Path pluginDir) throws IOException {
        JsonNode m = JSON.readTree(pluginDir.resolve("manifest.json").toFile());
        for (String key : MANIFEST_KEYS) {
            JsonNode v = m.get(key);
            assertTrue(
                    v != null
                            && !v.isNull()
                            && !(v.isTextual() && v.asText().isBlank())
                            && !(v.isContainerNode() && v.isEmpty()),
                    "manifest.json lacks " + key + ": " + m);
        }
        assertEquals(VERSION, m.get("version").asText());
        String type = m.get("name").asText().endsWith("-monitoring") ? "rest-extension" : "source";
        assertEquals(type, m.get("component_types").get(0).asText());
        assertFalse(m.toString().contains("${"), "unfiltered placeholder in manifest.json: " + m);
        return m;
    }

    /** The test JVM must not see the connector: otherwise the worker could load it from here, not the archive. */
    static void assertNotOnTestClasspath(String... classNames) {
        for (String c : classNames) {
            assertThrows(
                    ClassNotFoundException.class,
                    () -> Class.forName(c),
                    c + " is on the test classpath; the test would not prove the archive is complete");
        }
    }

    /** GET on the worker's REST API; the body of a 200 response. */
    static String get(ConnectTestCluster cluster, String resource) throws Exception {
        String url = cluster.connect().endpointForResource(resource);
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "GET " + resource + ": " + r.body());
        return r.body();
    }

    /** GET /connector-plugins: class name to version, for source connectors. */
    static Map<String, String> connectorPlugins(ConnectTestCluster cluster) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (JsonNode p : JSON.readTree(get(cluster, "connector-plugins"))) {
            out.put(p.get("class").asText(), p.get("version").asText());
        }
        return out;
    }

    /**
     * The JDBC driver from a plugin's own {@code lib/}, in a class loader of its own: the test writes to the database
     * the way an application would, while the driver stays off the test classpath.
     */
    static java.sql.Driver driver(Path pluginDir, String jarPrefix, String driverClass) throws Exception {
        List<java.net.URL> jars = new java.util.ArrayList<>();
        try (var lib = Files.list(pluginDir.resolve("lib"))) {
            for (Path p : lib.filter(p -> p.getFileName().toString().startsWith(jarPrefix))
                    .toList()) {
                jars.add(p.toUri().toURL());
            }
        }
        assertEquals(1, jars.size(), "one " + jarPrefix + " jar in " + pluginDir);
        var loader =
                new java.net.URLClassLoader(jars.toArray(java.net.URL[]::new), ClassLoader.getPlatformClassLoader());
        return (java.sql.Driver) Class.forName(driverClass, true, loader)
                .getDeclaredConstructor()
                .newInstance();
    }

    /** A local TCP port nobody listens on (bound and released), for a connection that must be refused. */
    static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
