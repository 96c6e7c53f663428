package dev.fleetops.core.identity;

import java.util.Optional;

/** How callers are identified: the app setting {@value AuthSettings#AUTH} ({@code entra} or {@code key}). */
public enum AuthMode {
    /**
     * App Service Authentication (Entra ID) sits in front of the app and validates a bearer token on every request;
     * the caller is the principal it injects in {@code x-ms-client-principal}. Function keys give no identity.
     */
    ENTRA("entra"),
    /** No platform authentication: the Functions host checks the function key, and every caller is the automation principal. */
    KEY("key");

    private final String setting;

    AuthMode(String setting) {
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    public static Optional<AuthMode> fromSetting(String value) {
        for (AuthMode m : values()) {
            if (m.setting.equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
