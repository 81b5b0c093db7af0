package io.entitynotifier.connect.common.schema;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * {@code binary.handling.mode}: how binary columns (MySQL BINARY/VARBINARY/BLOB, PostgreSQL bytea, SQLite BLOB,
 * Oracle RAW/BLOB) reach Kafka, with Debezium's names and encodings: raw bytes, standard Base64 (with padding),
 * URL-safe Base64 (with padding) or lower-case hexadecimal.
 */
public enum BinaryHandlingMode {
    BYTES("bytes"),
    BASE64("base64"),
    BASE64_URL_SAFE("base64-url-safe"),
    HEX("hex");

    /** The key every connector accepts, as in Debezium. */
    public static final String CONFIG = "binary.handling.mode";

    public static final String DEFAULT = "bytes";
    public static final String DOC = "How binary columns are represented: 'bytes' (raw bytes, the default), "
            + "'base64' (Base64 string), 'base64-url-safe' (URL-safe Base64 string) or 'hex' (lower-case hexadecimal "
            + "string).";

    private final String value;

    BinaryHandlingMode(String value) {
        this.value = value;
    }

    /** The configuration value naming this mode. */
    public String value() {
        return value;
    }

    public static BinaryHandlingMode parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (BinaryHandlingMode m : values()) {
            if (m.value.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException(CONFIG + " must be one of bytes, base64, base64-url-safe, hex");
    }

    /** The configuration values, for a validator. */
    public static String[] names() {
        return new String[] {"bytes", "base64", "base64-url-safe", "hex"};
    }

    /** The schema of a binary column: BYTES, or STRING for the text encodings. */
    public SchemaBuilder builder() {
        return this == BYTES ? SchemaBuilder.bytes() : SchemaBuilder.string();
    }

    public Schema schema(boolean optional) {
        SchemaBuilder b = builder();
        return optional ? b.optional().build() : b.build();
    }

    /** Encodes {@code bytes} for a field whose schema came from {@link #builder()}; null stays null. */
    public Object convert(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return switch (this) {
            case BYTES -> bytes;
            case BASE64 -> Base64.getEncoder().encodeToString(bytes);
            case BASE64_URL_SAFE -> Base64.getUrlEncoder().encodeToString(bytes);
            case HEX -> HexFormat.of().formatHex(bytes);
        };
    }

    /** {@link #convert(byte[])} for a buffer (its remaining bytes; the buffer is not consumed). */
    public Object convert(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        if (this == BYTES) {
            return buffer;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return convert(out);
    }
}
