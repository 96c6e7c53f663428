package dev.fleetops.functions.iothub;

import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClientOptions;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinClientOptions;

/** Builds the service SDK clients for one {@link IotHubAccess}. Clients are immutable and shared. */
public final class IotHubClients {
    /** TCP connect timeout of every service call; part of the worst case MethodTimeouts.MAX_WAIT_SECONDS allows for. */
    static final int HTTP_CONNECT_TIMEOUT_SECONDS = 10;

    private static final int HTTP_READ_TIMEOUT_SECONDS = 30;

    private IotHubClients() {}

    public static DirectMethodsClient methods(IotHubAccess access, MethodTimeouts timeouts) {
        DirectMethodsClientOptions options = DirectMethodsClientOptions.builder()
                .httpConnectTimeoutSeconds(HTTP_CONNECT_TIMEOUT_SECONDS)
                .httpReadTimeoutSeconds(timeouts.httpReadTimeoutSeconds())
                .build();
        if (access instanceof IotHubAccess.Identity id) {
            return new DirectMethodsClient(id.hostName(), id.credential(), options);
        }
        if (access instanceof IotHubAccess.SasEndpoint sas) {
            return new DirectMethodsClient(sas.endpoint(), sas.sas().credential(), options);
        }
        return new DirectMethodsClient(((IotHubAccess.ConnectionString) access).value(), options);
    }

    public static TwinClient twins(IotHubAccess access) {
        TwinClientOptions options = TwinClientOptions.builder()
                .httpConnectTimeoutSeconds(HTTP_CONNECT_TIMEOUT_SECONDS)
                .httpReadTimeoutSeconds(HTTP_READ_TIMEOUT_SECONDS)
                .build();
        if (access instanceof IotHubAccess.Identity id) {
            return new TwinClient(id.hostName(), id.credential(), options);
        }
        if (access instanceof IotHubAccess.SasEndpoint sas) {
            return new TwinClient(sas.endpoint(), sas.sas().credential(), options);
        }
        return new TwinClient(((IotHubAccess.ConnectionString) access).value(), options);
    }

    public static QueryClient queries(IotHubAccess access) {
        QueryClientOptions options = QueryClientOptions.builder()
                .httpConnectTimeoutSeconds(HTTP_CONNECT_TIMEOUT_SECONDS)
                .httpReadTimeoutSeconds(HTTP_READ_TIMEOUT_SECONDS)
                .build();
        if (access instanceof IotHubAccess.Identity id) {
            return new QueryClient(id.hostName(), id.credential(), options);
        }
        if (access instanceof IotHubAccess.SasEndpoint sas) {
            return new QueryClient(sas.endpoint(), sas.sas().credential(), options);
        }
        return new QueryClient(((IotHubAccess.ConnectionString) access).value(), options);
    }
}
