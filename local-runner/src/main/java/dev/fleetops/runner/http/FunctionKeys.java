package dev.fleetops.runner.http;

import dev.fleetops.runner.metadata.AuthLevel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Key checks as the Functions host does them: the key comes from the {@code x-functions-key} header,
 * or else the {@code code} query parameter. FUNCTION accepts the function key or the master key, ADMIN
 * only the master key. Locally one key usually plays both roles.
 */
public final class FunctionKeys {
    public static final String HEADER = "x-functions-key";
    public static final String QUERY = "code";

    private final byte[] functionKey;
    private final byte[] masterKey;

    public FunctionKeys(String functionKey, String masterKey) {
        this.functionKey = bytes(functionKey, "functionKey");
        this.masterKey = bytes(masterKey, "masterKey");
    }

    /** One key for both roles. */
    public static FunctionKeys single(String key) {
        return new FunctionKeys(key, key);
    }

    /** A random key in the host's style: 32 random bytes, URL-safe Base64. */
    public static String generate() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * @param header the {@code x-functions-key} header, or null
     * @param code   the {@code code} query parameter, or null
     */
    public boolean allows(AuthLevel level, String header, String code) {
        if (level == AuthLevel.ANONYMOUS) {
            return true;
        }
        String presented = header != null ? header : code;
        if (presented == null) {
            return false;
        }
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean master = MessageDigest.isEqual(p, masterKey);
        return level == AuthLevel.ADMIN ? master : master | MessageDigest.isEqual(p, functionKey);
    }

    private static byte[] bytes(String key, String name) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' must not be blank");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
