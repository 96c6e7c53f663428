package dev.fleetops.localhub.files;

import java.time.Instant;

/**
 * What IoT Hub delivers on {@code /messages/servicebound/filenotifications} after a device completed an upload
 * successfully (the service SDK's {@code FileUploadNotification}: deviceId, blobUri, blobName, lastUpdatedTime,
 * blobSizeInBytes, enqueuedTimeUtc). The local hub keeps them in memory (it has no AMQP endpoint).
 *
 * @param blobName the full name in the container, {@code {deviceId}/{name}}
 * @param blobUri  the blob's URL without any SAS
 */
public record FileUploadNotification(
        String deviceId, String blobName, String blobUri, String correlationId, Instant enqueuedTime) {}
