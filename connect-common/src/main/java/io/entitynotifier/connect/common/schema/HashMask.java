package io.entitynotifier.connect.common.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest of {@code column.mask.hash.<alg>.with.salt.<salt>} (V1) and {@code column.mask.hash.v2.<alg>.with.salt.<salt>}
 * (V2), as Debezium's {@code MaskStrings.HashValueConverter}: digest(salt bytes, value bytes) in lower-case hex, where
 * the value bytes are the value's Java serialization (V1) or its {@code toString()} bytes (V2). Salt and V2 text use the
 * JVM's default charset, as Debezium's {@code String.getBytes()} does, so both hash alike on the same worker. A null
 * value stays null.
 */
public final class HashMask {

    private final byte[] salt;
    private final String algorithm;
    private final boolean v2;
    private final ThreadLocal<MessageDigest> digests;

    /** @throws IllegalArgumentException when the JVM has no {@link MessageDigest} of that name */
    public HashMask(String algorithm, String salt, boolean v2) {
        check(algorithm);
        this.algorithm = algorithm;
        this.salt = salt.getBytes(Charset.defaultCharset());
        this.v2 = v2;
        this.digests = ThreadLocal.withInitial(() -> digest(algorithm));
    }

    /** @throws IllegalArgumentException naming the algorithm when the JVM has no such digest */
    public static void check(String algorithm) {
        digest(algorithm);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("no hash algorithm named '" + algorithm + "' in this JVM", e);
        }
    }

    public String algorithm() {
        return algorithm;
    }

    public Object apply(Object value) {
        if (!(value instanceof Serializable s)) {
            return null;
        }
        MessageDigest md = digests.get();
        md.reset();
        md.update(salt);
        return HexFormat.of().formatHex(md.digest(bytes(s)));
    }

    private byte[] bytes(Serializable value) {
        if (v2) {
            return value.toString().getBytes(Charset.defaultCharset());
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serialise a value of type " + value.getClass().getName(), e);
        }
        return bos.toByteArray();
    }
}
