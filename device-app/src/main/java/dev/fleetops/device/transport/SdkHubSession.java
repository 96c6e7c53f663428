package dev.fleetops.device.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.ConnectionStatusChangeContext;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubConnectionStatusChangeReason;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodPayload;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import dev.fleetops.device.log.LogContext;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HubSession} on the Azure IoT device SDK over MQTT. Every synchronous SDK call is bounded by
 * {@link #TIMEOUT_MS}. Open and close are serialized; callbacks only forward to the app's handlers.
 */
public final class SdkHubSession implements HubSession {
    static final int TIMEOUT_MS = 30_000;
    /**
     * Twin calls use shorter attempts, retried: iot-device-client 2.5.0 can lose a twin response to a
     * race between its MQTT callback thread and its receive task (the correlation entry is removed
     * before it is looked up), leaving the call to wait out its whole timeout. Re-sending is safe: GET
     * is a read and our reported patches are whole sections without {@code $version}.
     */
    static final int TWIN_ATTEMPT_MS = 5_000;

    static final int TWIN_ATTEMPTS = 4;
    static final long METHOD_ANSWER_GRACE_NANOS = 1_000_000_000L;
    private volatile long lastMethodAnswerNanos;
    private static final Logger LOG = LoggerFactory.getLogger(SdkHubSession.class);

    private final DeviceClient client;
    /** For the log context of SDK callback threads. */
    private final String deviceId;

    private volatile MethodHandler methodHandler = (name, payload) -> new MethodResult(404, JsonNull.INSTANCE);
    private volatile DesiredHandler desiredHandler = desired -> {};
    private volatile ConnectionListener listener;
    private volatile boolean closing;

    /**
     * @param sslContext trust for the hub's TLS certificate, or null for the JDK defaults
     * @throws IllegalArgumentException if the SDK rejects the connection string
     */
    public SdkHubSession(String connectionString, SSLContext sslContext) {
        // File upload goes over HTTPS; the SDK's defaults are no connect timeout and a 4-minute read.
        ClientOptions.ClientOptionsBuilder options =
                ClientOptions.builder().httpsConnectTimeout(TIMEOUT_MS).httpsReadTimeout(TIMEOUT_MS);
        if (sslContext != null) {
            options.sslContext(sslContext);
        }
        client = new DeviceClient(connectionString, IotHubClientProtocol.MQTT, options.build());
        deviceId = deviceIdOf(connectionString);
        client.setConnectionStatusChangeCallback(this::onStatus, null);
    }

    private static String deviceIdOf(String connectionString) {
        for (String part : connectionString.split(";")) {
            if (part.regionMatches(true, 0, "DeviceId=", 0, "DeviceId=".length())) {
                return part.substring("DeviceId=".length());
            }
        }
        return null;
    }

    @Override
    public synchronized void open() throws HubException {
        closing = false;
        try {
            client.open(false);
            // Desired first: the SDK refuses getTwin/updateReportedProperties until it is subscribed.
            client.subscribeToDesiredProperties((twin, ctx) -> onDesired(twin), null, TIMEOUT_MS);
            client.subscribeToMethods((name, payload, ctx) -> onMethod(name, payload), null, TIMEOUT_MS);
        } catch (IotHubClientException e) {
            closeQuietly();
            throw new HubException("cannot open hub session: " + e.getMessage() + rootCause(e), e.isRetryable(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
            throw new HubException("interrupted while opening hub session", true, e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw new HubException("cannot open hub session: " + e.getMessage(), true, e);
        }
    }

    // The SDK's own message often just says "see inner exception"; the root cause is what users need.
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    @Override
    public synchronized void close() {
        letMethodAnswerLeave();
        closeQuietly();
    }

    /**
     * The SDK sends a method's answer from its own send thread after the callback returns. An action
     * that starts right away and closes the session (a reboot, a rollback) could drop that answer, so
     * the hub would report a timeout for a request the device accepted: wait for it to leave first.
     */
    private void letMethodAnswerLeave() {
        long waitNanos = lastMethodAnswerNanos + METHOD_ANSWER_GRACE_NANOS - System.nanoTime();
        if (lastMethodAnswerNanos != 0 && waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeQuietly() {
        closing = true;
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("close failed", e);
        }
    }

    @Override
    public JsonObject getReported() throws HubException {
        try {
            Twin twin = withTwinRetry(() -> client.getTwin(TWIN_ATTEMPT_MS));
            return TwinJson.toJson(twin.getReportedProperties());
        } catch (IotHubClientException | IllegalStateException e) {
            throw new HubException("cannot read twin: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while reading twin", true, e);
        }
    }

    @Override
    public JsonObject getDesired() throws HubException {
        try {
            Twin twin = withTwinRetry(() -> client.getTwin(TWIN_ATTEMPT_MS));
            JsonObject desired = TwinJson.toJson(twin.getDesiredProperties());
            if (twin.getDesiredProperties() != null
                    && twin.getDesiredProperties().getVersion() != null) {
                desired.addProperty("$version", twin.getDesiredProperties().getVersion());
            }
            return desired;
        } catch (IotHubClientException | IllegalStateException e) {
            throw new HubException("cannot read twin: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while reading twin", true, e);
        }
    }

    @Override
    public void reportProperties(JsonObject patch) throws HubException {
        try {
            withTwinRetry(() -> client.updateReportedProperties(TwinJson.toTwin(patch), TWIN_ATTEMPT_MS));
        } catch (IotHubClientException | IllegalStateException e) {
            throw new HubException("cannot update reported properties: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while reporting", true, e);
        }
    }

    @Override
    public FileUploadTarget startFileUpload(String blobName) throws HubException {
        try {
            com.microsoft.azure.sdk.iot.device.FileUploadSasUriResponse r = client.getFileUploadSasUri(
                    new com.microsoft.azure.sdk.iot.device.FileUploadSasUriRequest(blobName));
            return new FileUploadTarget(r.getCorrelationId(), r.getContainerName(), r.getBlobName(), r.getBlobUri());
        } catch (IotHubClientException e) {
            throw new HubException(
                    "the hub refused file upload: " + e.getStatusCode() + rootCause(e), e.isRetryable(), e);
        } catch (java.io.UnsupportedEncodingException | java.net.URISyntaxException | RuntimeException e) {
            throw new HubException("the hub's file upload answer is unusable: " + e.getMessage(), false, e);
        }
    }

    @Override
    public void completeFileUpload(String correlationId, boolean success, int statusCode, String description)
            throws HubException {
        try {
            client.completeFileUpload(new com.microsoft.azure.sdk.iot.device.FileUploadCompletionNotification(
                    correlationId, success, statusCode, description));
        } catch (IotHubClientException e) {
            throw new HubException("the hub refused the file upload notification: " + e.getStatusCode(), false, e);
        }
    }

    private interface TwinCall<T> {
        T call() throws IotHubClientException, InterruptedException;
    }

    private static <T> T withTwinRetry(TwinCall<T> call) throws IotHubClientException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (IotHubClientException e) {
                if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT || attempt >= TWIN_ATTEMPTS) {
                    throw e;
                }
                LOG.info("twin request not answered within {} ms; retrying (attempt {})", TWIN_ATTEMPT_MS, attempt + 1);
            }
        }
    }

    @Override
    public void setMethodHandler(MethodHandler handler) {
        this.methodHandler = handler;
    }

    @Override
    public void setDesiredHandler(DesiredHandler handler) {
        this.desiredHandler = handler;
    }

    @Override
    public void setConnectionListener(ConnectionListener listener) {
        this.listener = listener;
    }

    private DirectMethodResponse onMethod(String name, DirectMethodPayload payload) {
        return LogContext.asDevice(deviceId, () -> answer(name, payload));
    }

    private DirectMethodResponse answer(String name, DirectMethodPayload payload) {
        JsonElement body = payload == null ? JsonNull.INSTANCE : payload.getPayloadAsJsonElement();
        MethodResult r = methodHandler.handle(name, body == null ? JsonNull.INSTANCE : body);
        lastMethodAnswerNanos = System.nanoTime();
        return new DirectMethodResponse(r.status(), r.payload());
    }

    private void onDesired(Twin twin) {
        LogContext.asDevice(deviceId, () -> desired(twin));
    }

    private void desired(Twin twin) {
        if (twin != null && twin.getDesiredProperties() != null) {
            desiredHandler.onDesired(TwinJson.toJson(twin.getDesiredProperties()));
        }
    }

    private void onStatus(ConnectionStatusChangeContext c) {
        LogContext.asDevice(deviceId, () -> status(c));
    }

    private void status(ConnectionStatusChangeContext c) {
        ConnectionListener l = listener;
        LOG.info("hub connection {} -> {} ({})", c.getPreviousStatus(), c.getNewStatus(), c.getNewStatusReason());
        if (l == null || closing) {
            return;
        }
        if (c.getNewStatus() == IotHubConnectionStatus.CONNECTED
                && c.getPreviousStatus() == IotHubConnectionStatus.DISCONNECTED_RETRYING) {
            l.onReconnected();
        } else if (c.getNewStatus() == IotHubConnectionStatus.DISCONNECTED
                && c.getNewStatusReason() != IotHubConnectionStatusChangeReason.CLIENT_CLOSE) {
            l.onLost(String.valueOf(c.getNewStatusReason()));
        }
    }
}
