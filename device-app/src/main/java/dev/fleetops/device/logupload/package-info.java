/**
 * The {@code uploadLogs} method: the agent's recent log, redacted of secrets ({@code Redactor}), bounded and gzipped
 * ({@code LogCollector}), uploaded through IoT Hub's file upload or to a SAS URL the back-end hands over
 * ({@code LogUploads}), the outcome reported in {@code reported.logs}.
 */
package dev.fleetops.device.logupload;
