package dev.fleetops.functions.iothub;

import com.azure.core.credential.TokenCredential;
import java.util.Objects;

/** How the app authenticates to IoT Hub. Chosen from settings by {@code FunctionsSettings}. */
public sealed interface IotHubAccess {

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

    /** The hub host name plus an Entra ID credential (managed identity in Azure). */
    record Identity(String hostName, TokenCredential credential) implements IotHubAccess {
        public Identity {
            Objects.requireNonNull(hostName, "'hostName' cannot be null.");
            Objects.requireNonNull(credential, "'credential' cannot be null.");
        }
    }
}
