package dev.fleetops.functions.iothub;

import com.azure.core.credential.TokenCredential;
import java.util.Objects;

/** How the app authenticates to IoT Hub. Chosen from settings by {@code FunctionsSettings}. */
public sealed interface IotHubAccess {

    /** Called before every hub call; lets credentials renew themselves. */
    default void beforeCall() {}

    /** A service connection string with a shared access policy (local runs, hubs without Entra ID). */
    record ConnectionString(String value) implements IotHubAccess {
        public ConnectionString {
            Objects.requireNonNull(value, "'value' cannot be null.");
        }

        @Override
        public String toString() {
            return "ConnectionString[redacted]";
        }
    }

    /**
     * A hub at {@code host:port} (the local hub) with requests signed by a policy key; the token renews itself.
     */
    record SasEndpoint(String endpoint, ServiceSasCredential sas) implements IotHubAccess {
        public SasEndpoint {
            Objects.requireNonNull(endpoint, "'endpoint' cannot be null.");
            Objects.requireNonNull(sas, "'sas' cannot be null.");
        }

        @Override
        public void beforeCall() {
            sas.renewIfNeeded();
        }
    }

    /** The hub host name plus an Entra ID credential (managed identity in Azure). */
    record Identity(String hostName, TokenCredential credential) implements IotHubAccess {
        public Identity {
            Objects.requireNonNull(hostName, "'hostName' cannot be null.");
            Objects.requireNonNull(credential, "'credential' cannot be null.");
        }
    }
}
