/**
 * Wire-level device fleets for benchmarks: thousands of MQTT 3.1.1/TLS devices on one Netty event-loop group,
 * speaking to IoT Hub (or the local hub) exactly as the Java device SDK does, without its threads per client.
 *
 * <pre>{@code
 * List<WireDevice.Credentials> devices = FleetCredentials.register(hub, "bench-", 10_000);   // in-process LocalHub
 * // or FleetCredentials.fromLocalHubJson(Path.of(".local-hub/local-hub.json")).devices()
 * try (WireFleet fleet = WireFleet.connect(devices, WireFleet.Options.defaults()
 *         .withMqttPort(hub.mqttPort()).withCaFile(hub.caFile()).withMethodDelay(Duration.ofMillis(50)))) {
 *     fleet.awaitConnected(Duration.ofMinutes(2));
 *     // invoke direct methods through the service API; fleet.methodsAnswered() counts the answers
 * }
 * }</pre>
 *
 * A process holds one file descriptor per device connection; an in-process hub holds a second one, so with the
 * usual limit of 20,000 open files an in-process hub tops out near 9,900 devices (run the hub in its own process
 * for 10,000, as {@code HubBenchmark} does).
 */
package dev.fleetops.bench.wire;
