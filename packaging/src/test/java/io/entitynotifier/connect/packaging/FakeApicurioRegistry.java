package io.entitynotifier.connect.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The three endpoints of the Apicurio Registry v2 REST API that Apicurio's AvroConverter calls, on the JDK's HTTP
 * server. No registry server can be had here (none on Maven Central runs without a Quarkus re-build), so the test
 * stands in for one; the converter itself is the real one. Identical schema content gets the same id, as in a real
 * registry.
 */
final class FakeApicurioRegistry implements AutoCloseable {

    private static final Pattern REGISTER = Pattern.compile("/apis/registry/v2/groups/([^/]+)/artifacts");
    private static final Pattern BY_GLOBAL_ID = Pattern.compile("/apis/registry/v2/ids/globalIds/(\\d+)(/references)?");

    private final HttpServer server;
    private final Map<String, Long> idByContent = new ConcurrentHashMap<>();
    private final Map<Long, String> contentById = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    FakeApicurioRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/apis/registry/v2/", this::handle);
        server.start();
    }

    /** The value for {@code apicurio.registry.url}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/registry/v2";
    }

    /** The registered schema with this global id, or null. */
    String schema(long globalId) {
        return contentById.get(globalId);
    }

    /** Schemas registered so far (distinct contents). */
    int schemaCount() {
        return contentById.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher register = REGISTER.matcher(path);
            Matcher byId = BY_GLOBAL_ID.matcher(path);
            if (method.equals("POST") && register.matches()) {
                String content = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                long id = idByContent.computeIfAbsent(content, c -> {
                    long n = nextId.getAndIncrement();
                    contentById.put(n, c);
                    return n;
                });
                String artifactId = exchange.getRequestHeaders().getFirst("X-Registry-ArtifactId");
                respond(
                        exchange,
                        200,
                        "{\"groupId\":\"" + register.group(1) + "\",\"id\":\"" + artifactId
                                + "\",\"version\":\"" + id + "\",\"type\":\"AVRO\",\"globalId\":" + id
                                + ",\"contentId\":" + id
                                + ",\"state\":\"ENABLED\",\"createdOn\":\"2026-01-01T00:00:00Z\"}");
            } else if (method.equals("GET") && byId.matches()) {
                String content = contentById.get(Long.parseLong(byId.group(1)));
                if (content == null) {
                    respond(
                            exchange,
                            404,
                            "{\"error_code\":404,\"message\":\"No artifact with global id " + byId.group(1) + "\"}");
                } else {
                    respond(exchange, 200, byId.group(2) != null ? "[]" : content);
                }
            } else {
                respond(
                        exchange,
                        404,
                        "{\"error_code\":404,\"message\":\"not implemented by the test registry: " + method + " " + path
                                + "\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
