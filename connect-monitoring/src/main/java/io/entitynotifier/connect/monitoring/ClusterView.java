package io.entitynotifier.connect.monitoring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The whole cluster for the dashboard: every worker that runs a task of ours (from Connect's status) is asked for its
 * tasks' metrics and history over its REST listener, in parallel and with a short timeout; a worker that does not
 * answer is listed as unreachable rather than holding the page up.
 */
public final class ClusterView {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final TaskStates states;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public ClusterView(TaskStates states) {
        this.states = states;
    }

    /**
     * {@code {"workers":[{"worker":..,"reachable":..,"tasks":[..],"history":{..}}],"states":[..]}}.
     *
     * @param scheme {@code http} or {@code https}, as the page was asked for (workers share their listener's scheme)
     */
    public String json(String scheme, String tenant) {
        List<TaskStates.State> all = CdcResource.ofTenant(states.read(), tenant, TaskStates.State::tenant);
        Map<String, CompletableFuture<String[]>> asks = new TreeMap<>();
        for (TaskStates.State s : all) {
            if (!s.worker().isEmpty()) {
                asks.computeIfAbsent(s.worker(), w -> ask(scheme, w, tenant));
            }
        }
        StringBuilder sb = new StringBuilder("{\"workers\":[");
        int i = 0;
        for (Map.Entry<String, CompletableFuture<String[]>> e : asks.entrySet()) {
            String[] answer = e.getValue().join();
            sb.append(i++ > 0 ? "," : "")
                    .append("{\"worker\":")
                    .append(PrometheusText.quote(e.getKey()))
                    .append(",\"reachable\":")
                    .append(answer != null);
            if (answer != null) {
                sb.append(",\"tasks\":")
                        .append(answer[0])
                        .append(",\"history\":")
                        .append(answer[1]);
            }
            sb.append('}');
        }
        return sb.append("],\"states\":")
                .append(PrometheusText.statesJson(all))
                .append('}')
                .toString();
    }

    private CompletableFuture<String[]> ask(String scheme, String worker, String tenant) {
        String query = tenant == null
                ? ""
                : "?tenant=" + java.net.URLEncoder.encode(tenant, java.nio.charset.StandardCharsets.UTF_8);
        CompletableFuture<String> metrics = get(scheme + "://" + worker + "/cdc/metrics.json" + query);
        CompletableFuture<String> history = get(scheme + "://" + worker + "/cdc/history.json");
        return metrics.thenCombine(history, (m, h) -> m == null || h == null ? null : new String[] {m, h});
    }

    private CompletableFuture<String> get(String url) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(url))
                    .timeout(TIMEOUT)
                    .GET()
                    .build();
            return http.sendAsync(r, HttpResponse.BodyHandlers.ofString())
                    .handle((resp, err) ->
                            err == null && resp.statusCode() == 200 && looksLikeJson(resp.body()) ? resp.body() : null);
        } catch (IllegalArgumentException badWorkerId) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** What another worker sends is embedded as JSON: accept only what starts like our own answers. */
    private static boolean looksLikeJson(String body) {
        String b = body.strip();
        return (b.startsWith("[") && b.endsWith("]")) || (b.startsWith("{") && b.endsWith("}"));
    }
}
