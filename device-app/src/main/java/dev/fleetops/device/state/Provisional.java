package dev.fleetops.device.state;

/**
 * A firmware version on its post-update health watch: installed and reported {@code applyComplete}, but rolled
 * back (reported {@code rolledBack} with the same operation id) if a self-test fails before {@link #until}.
 * Persisted in the same save as {@code applyComplete}, so a restart during the watch resumes it.
 *
 * @param operationId the update that installed {@link #version}
 * @param version     the version on watch; a watch whose version no longer runs is stale and dropped
 * @param until       when the watch ends and the version is committed (contract timestamp)
 */
public record Provisional(String operationId, String version, String until) {}
