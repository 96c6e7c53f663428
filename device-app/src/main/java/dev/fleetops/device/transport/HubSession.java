package dev.fleetops.device.transport;

import com.google.gson.JsonObject;

/**
 * The device's connection to its IoT hub, reduced to what device management needs. Implementations
 * must re-subscribe to methods and desired properties on every {@link #open()}, because a hub
 * connection forgets subscriptions when closed.
 */
public interface HubSession {

    /**
     * Connects and subscribes; returns once methods can be received.
     *
     * @throws HubException if the hub cannot be reached or refuses the device
     */
    void open() throws HubException;

    /** Disconnects; never throws. Calling it on a closed session does nothing. */
    void close();

    /**
     * The twin's reported properties, metadata ({@code $version}, {@code $metadata}) excluded.
     *
     * @throws HubException if the session is not connected or the hub does not answer in time
     */
    JsonObject getReported() throws HubException;

    /**
     * The twin's desired properties, with the desired {@code $version} kept as {@code "$version"} (other
     * metadata excluded).
     *
     * @throws HubException if the session is not connected or the hub does not answer in time
     */
    JsonObject getDesired() throws HubException;

    /**
     * Merges {@code patch} into reported properties; a JSON null deletes a property.
     *
     * @throws HubException if the session is not connected or the hub does not answer in time
     */
    void reportProperties(JsonObject patch) throws HubException;

    /**
     * Where IoT Hub's file upload puts a file ({@code POST /devices/{id}/files}).
     *
     * @param blobName  the blob as stored: {@code {deviceId}/{name}}
     * @param uploadUrl the blob's URL with the hub's write SAS
     */
    record FileUploadTarget(String correlationId, String container, String blobName, java.net.URI uploadUrl) {
        @Override
        public String toString() {
            return "FileUploadTarget[" + container + "/" + blobName + "]"; // never the SAS
        }
    }

    /**
     * Asks the hub for a SAS URL to upload {@code blobName} to (over HTTPS, whatever the session's protocol).
     *
     * @throws HubException if the hub refuses (file upload not configured, a bad name, …) or cannot be reached
     */
    default FileUploadTarget startFileUpload(String blobName) throws HubException {
        throw new HubException("this session has no file upload", false, null);
    }

    /** Tells the hub how the upload it granted ended. */
    default void completeFileUpload(String correlationId, boolean success, int statusCode, String description)
            throws HubException {
        throw new HubException("this session has no file upload", false, null);
    }

    /** Sets the handler for direct methods; it must return quickly, it runs on a transport thread. */
    void setMethodHandler(MethodHandler handler);

    /** Sets the handler for desired-property updates (the full desired document, metadata excluded). */
    void setDesiredHandler(DesiredHandler handler);

    /** Sets the listener for connection changes the session did not initiate itself. */
    void setConnectionListener(ConnectionListener listener);
}
