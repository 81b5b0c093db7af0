package io.entitynotifier.connect.common.schema;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Builds topic and Connect schema names that Kafka and Avro both accept. Database identifiers may hold characters
 * neither allows (spaces, dashes, unicode); those become {@code _}, so the same table always maps to the same name.
 * Two tables can therefore map to one topic ({@code my table} and {@code my_table}; {@code a.b}+{@code c} and
 * {@code a}+{@code b.c}): {@link #refuseTopicCollisions} refuses that at start and validation, naming both.
 */
public final class SchemaNames {

    private SchemaNames() {}

    /** {@code <prefix>.<namespace>.<table>}, restricted to the characters Kafka allows in topic names. */
    public static String topic(String topicPrefix, TableId table) {
        return topicPrefix + "." + topicPart(table.identifier());
    }

    /**
     * Why the captured {@code tables} cannot each have their own topic, naming the first two that clash, or null when
     * they can. Two topics clash when they are equal, or when they differ only in {@code .} against {@code _}: Kafka
     * refuses to create a topic whose name equals an existing one's after that replacement (their metric names
     * would be the same).
     */
    public static String topicCollision(String topicPrefix, Collection<TableId> tables) {
        Map<String, TableId> byTopic = new HashMap<>();
        for (TableId t : tables) {
            String topic = topic(topicPrefix, t);
            TableId other = byTopic.putIfAbsent(topic.replace('.', '_'), t);
            if (other != null && !other.equals(t)) {
                String otherTopic = topic(topicPrefix, other);
                return "tables '" + other.identifier() + "' and '" + t.identifier() + "' both map to topic "
                        + (otherTopic.equals(topic)
                                ? "'" + topic + "'"
                                : "'" + otherTopic + "' / '" + topic + "' (Kafka cannot tell '.' from '_' in topic "
                                        + "names)")
                        + " once their names are cleaned for Kafka; their changes would be mixed in one topic. "
                        + "Exclude one of them (table.exclude.list) or capture them with separate connectors of "
                        + "different topic.prefix";
            }
        }
        return null;
    }

    /** Fails the task (at start) when two captured tables map to one topic; see {@link #topicCollision}. */
    public static void refuseTopicCollisions(String topicPrefix, Collection<TableId> tables) {
        String problem = topicCollision(topicPrefix, tables);
        if (problem != null) {
            throw new ConnectException(problem);
        }
    }

    public static String topicPart(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    /** A dotted name where every part is a valid Avro name: {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static String avroFullName(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        StringBuilder sb = new StringBuilder(dotted.length() + 4);
        for (int p = 0; p < parts.length; p++) {
            if (p > 0) {
                sb.append('.');
            }
            sb.append(avroName(parts[p]));
        }
        return sb.toString();
    }

    public static String avroName(String part) {
        if (part.isEmpty()) {
            return "_";
        }
        StringBuilder sb = new StringBuilder(part.length() + 1);
        char first = part.charAt(0);
        if (!(Character.isLetter(first) && first < 128) && first != '_') {
            sb.append('_');
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
