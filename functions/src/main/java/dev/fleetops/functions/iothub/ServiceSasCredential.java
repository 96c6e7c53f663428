package dev.fleetops.functions.iothub;

import com.azure.core.credential.AzureSasCredential;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SAS credential signed from a shared access policy key and renewed before it expires. Needed when
 * the hub is addressed as {@code host:port} (the local hub): the SDK's connection-string parser rejects
 * a port, so the clients are built from the endpoint and an {@link AzureSasCredential} instead.
 */
public final class ServiceSasCredential {
    static final Duration LIFETIME = Duration.ofHours(1);
    static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

    private final String resource;
    private final String policyName;
    private final byte[] key;
    private final Clock clock;
    private final AzureSasCredential credential;
    private volatile long expiresAt;

    /**
     * @param hostName   the hub's host name as the token's {@code sr} (no port)
     * @param base64Key  the policy's key
     */
    public ServiceSasCredential(String hostName, String policyName, String base64Key, Clock clock) {
        this.resource = URLEncoder.encode(hostName.toLowerCase(java.util.Locale.ROOT), StandardCharsets.UTF_8);
        this.policyName = policyName;
        this.key = Base64.getDecoder().decode(base64Key);
        this.clock = clock;
        this.credential = new AzureSasCredential(newToken());
    }

    /** The credential to hand to SDK clients; {@link #renewIfNeeded()} keeps it valid. */
    public AzureSasCredential credential() {
        return credential;
    }

    /** Replaces the token when it is close to expiry. Cheap when nothing is due. */
    public void renewIfNeeded() {
        if (clock.instant().getEpochSecond() >= expiresAt - RENEW_BEFORE.toSeconds()) {
            synchronized (this) {
                if (clock.instant().getEpochSecond() >= expiresAt - RENEW_BEFORE.toSeconds()) {
                    credential.update(newToken());
                }
            }
        }
    }

    private String newToken() {
        long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String sig = Base64.getEncoder()
                    .encodeToString(mac.doFinal((resource + "\n" + expiry).getBytes(StandardCharsets.UTF_8)));
            expiresAt = expiry;
            return "SharedAccessSignature sr=" + resource + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8)
                    + "&se=" + expiry + "&skn=" + policyName;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "ServiceSasCredential[policy=" + policyName + "]";
    }
}
