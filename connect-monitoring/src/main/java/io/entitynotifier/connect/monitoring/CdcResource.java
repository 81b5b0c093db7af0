package io.entitynotifier.connect.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /cdc/metrics} (Prometheus), {@code /cdc/metrics.json}, {@code /cdc/states.json} and {@code /cdc/dashboard} on
 * the worker's REST port.
 */
@Path("/cdc")
public class CdcResource {

    private final TaskMetricsReader reader;
    private final TaskStates states;
    private final MetricsHistory history;
    private final ClusterView cluster;
    private final String dashboard;

    public CdcResource(TaskMetricsReader reader, TaskStates states, MetricsHistory history) {
        this.reader = reader;
        this.states = states;
        this.history = history;
        this.cluster = new ClusterView(states);
        this.dashboard = loadDashboard();
    }

    /** This worker's tasks' samples of the last 15 minutes (for the dashboard's charts). */
    @GET
    @Path("/history.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String historyJson() {
        return history.json();
    }

    /** Every worker's tasks, metrics and history, gathered from the workers that run them; {@code ?tenant=<id>}. */
    @GET
    @Path("/cluster.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String clusterJson(@QueryParam("tenant") String tenant, @Context UriInfo uri) {
        String scheme = uri == null ? "http" : uri.getRequestUri().getScheme();
        return cluster.json(scheme, tenant);
    }

    /** Prometheus text; {@code ?tenant=<id>} keeps only that tenant's tasks. */
    @GET
    @Path("/metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics(@QueryParam("tenant") String tenant) {
        return PrometheusText.render(ofTenant(reader.read(), tenant, TaskMetricsReader.TaskView::tenant))
                + PrometheusText.renderStates(ofTenant(states.read(), tenant, TaskStates.State::tenant));
    }

    /** The same as JSON for the dashboard; {@code ?tenant=<id>} keeps only that tenant's tasks. */
    @GET
    @Path("/metrics.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String metricsJson(@QueryParam("tenant") String tenant) {
        return PrometheusText.json(ofTenant(reader.read(), tenant, TaskMetricsReader.TaskView::tenant));
    }

    /** Every task's state in the cluster (Connect's status), {@code ?tenant=<id>} for one tenant's. */
    @GET
    @Path("/states.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String statesJson(@QueryParam("tenant") String tenant) {
        return PrometheusText.statesJson(ofTenant(states.read(), tenant, TaskStates.State::tenant));
    }

    static <T> List<T> ofTenant(List<T> all, String tenant, Function<T, String> tenantOf) {
        if (tenant == null) {
            return all;
        }
        return all.stream().filter(t -> tenant.equals(tenantOf.apply(t))).toList();
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
