package io.entitynotifier.connect.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /cdc/metrics} (Prometheus), {@code /cdc/metrics.json} and {@code /cdc/dashboard} on the worker's REST port. */
@Path("/cdc")
public class CdcResource {

    private final TaskMetricsReader reader;
    private final String dashboard;

    public CdcResource(TaskMetricsReader reader) {
        this.reader = reader;
        this.dashboard = loadDashboard();
    }

    @GET
    @Path("/metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics() {
        return PrometheusText.render(reader.read());
    }

    @GET
    @Path("/metrics.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String metricsJson() {
        return PrometheusText.json(reader.read());
    }

    @GET
    @Path("/dashboard")
    @Produces(MediaType.TEXT_HTML)
    public String dashboard() {
        return dashboard;
    }

    private static String loadDashboard() {
        try (InputStream in = CdcResource.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html missing from the plugin jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
