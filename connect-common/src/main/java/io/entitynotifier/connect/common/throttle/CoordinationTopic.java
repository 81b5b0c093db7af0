package io.entitynotifier.connect.common.throttle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the throttle-coordination topic when it is missing: compacted, one partition, and short segments so that
 * compaction keeps it at about one record per member. Best effort: without the right to create topics the
 * operator creates it (see docs/multi-tenancy.md); members only read its last few seconds either way.
 */
final class CoordinationTopic {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinationTopic.class);
    private static final Set<String> ENSURED = ConcurrentHashMap.newKeySet();

    private CoordinationTopic() {}

    static Map<String, String> topicConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("cleanup.policy", "compact");
        c.put("segment.ms", "600000");
        c.put("min.compaction.lag.ms", "0");
        c.put("delete.retention.ms", "60000");
        return c;
    }

    static void ensure(String topic, Map<String, Object> client) {
        String id = client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + "|" + topic;
        if (ENSURED.contains(id)) {
            return;
        }
        Map<String, Object> props = new HashMap<>(client);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "entitynotifier-throttle-admin");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(
                                List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(topicConfig())))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                LOG.info("created the throttle-coordination topic {}", topic);
            }
            ENSURED.add(id);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                ENSURED.add(id);
            } else {
                LOG.warn(
                        "cannot check or create the throttle-coordination topic {}: {}",
                        topic,
                        e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn("cannot check or create the throttle-coordination topic {}: timed out", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
