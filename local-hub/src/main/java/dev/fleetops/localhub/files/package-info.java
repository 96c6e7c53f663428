/**
 * IoT Hub's file upload for devices, against Azure Storage or Azurite: the storage account the hub is linked to
 * ({@code StorageAccount}), the blob SAS it hands out ({@code BlobSas}), the blob-name rules ({@code BlobNames}) and
 * the uploads in flight with their completion notifications ({@code FileUploads}).
 */
package dev.fleetops.localhub.files;
