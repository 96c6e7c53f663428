package dev.fleetops.device.action;

/**
 * The device's own check that a freshly installed version works, run after it reconnected to the hub.
 * Device makers plug in their product checks; the reference agent's default always passes.
 */
@FunctionalInterface
public interface SelfTest {
    SelfTest PASS = version -> null;

    /** @return null when {@code version} is healthy, otherwise why not (reported, so no secrets) */
    String failure(String version) throws InterruptedException;
}
