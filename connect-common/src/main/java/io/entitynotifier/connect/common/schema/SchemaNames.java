package io.entitynotifier.connect.common.schema;

/**
 * Builds topic and Connect schema names that Kafka and Avro both accept. Database identifiers may hold characters
 * neither allows (spaces, dashes, unicode); those become {@code _}, so the same table always maps to the same name.
 */
public final class SchemaNames {

    private SchemaNames() {
    }

    /** {@code <prefix>.<namespace>.<table>}, restricted to the characters Kafka allows in topic names. */
    public static String topic(String topicPrefix, TableId table) {
        return topicPrefix + "." + topicPart(table.identifier());
    }

    public static String topicPart(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
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
