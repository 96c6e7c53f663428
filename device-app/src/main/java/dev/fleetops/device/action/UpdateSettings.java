package dev.fleetops.device.action;

import dev.fleetops.device.handler.StepHandler;
import dev.fleetops.device.manifest.FirmwarePolicy;
import dev.fleetops.device.manifest.ManifestVerifier;
import java.time.Duration;

/**
 * How firmware updates are made safe.
 *
 * @param healthDeadline   how long a new version may take to reconnect to the hub and pass its self-test
 * @param maxTrialBoots    boots a version on trial may take before it counts as a boot loop and is rolled back
 * @param selfTest         the device's own health check
 * @param progressInterval the longest time between two download progress reports
 * @param steps            called at every step boundary (crash-injection tests)
 * @param gate             sees direct methods first (the simulator's "rejects" profile)
 * @param manifests        the signing keys the device trusts; {@link ManifestVerifier#ALLOW_UNSIGNED} requires
 *                         no signature (tests and {@code --allow-unsigned} only; the default requires nothing
 *                         because library callers choose, the command line makes the operator choose)
 * @param policy           model, package hosts: what the device refuses besides bad signatures
 * @param handler          the device's own steps (install, reboot, health check, …); {@link StepHandler#SIMULATED}
 *                         leaves them to the agent's simulation
 * @param watch            the post-update health watch; {@link HealthWatch#OFF} confirms a version at
 *                         {@code applyComplete}
 */
public record UpdateSettings(
        Duration healthDeadline,
        int maxTrialBoots,
        SelfTest selfTest,
        Duration progressInterval,
        StepHook steps,
        MethodGate gate,
        ManifestVerifier manifests,
        FirmwarePolicy policy,
        StepHandler handler,
        HealthWatch watch) {
    public static final int PROGRESS_PERCENT_STEP = 10;

    public static UpdateSettings defaults() {
        return new UpdateSettings(
                Duration.ofMinutes(5),
                3,
                SelfTest.PASS,
                Duration.ofSeconds(5),
                StepHook.NONE,
                MethodGate.OPEN,
                ManifestVerifier.ALLOW_UNSIGNED,
                FirmwarePolicy.NONE,
                StepHandler.SIMULATED,
                HealthWatch.OFF);
    }

    public UpdateSettings withSelfTest(SelfTest t) {
        return new UpdateSettings(
                healthDeadline, maxTrialBoots, t, progressInterval, steps, gate, manifests, policy, handler, watch);
    }

    public UpdateSettings withHealthDeadline(Duration d) {
        return new UpdateSettings(
                d, maxTrialBoots, selfTest, progressInterval, steps, gate, manifests, policy, handler, watch);
    }

    public UpdateSettings withSteps(StepHook h) {
        return new UpdateSettings(
                healthDeadline, maxTrialBoots, selfTest, progressInterval, h, gate, manifests, policy, handler, watch);
    }

    public UpdateSettings withManifests(ManifestVerifier v) {
        return new UpdateSettings(
                healthDeadline, maxTrialBoots, selfTest, progressInterval, steps, gate, v, policy, handler, watch);
    }

    public UpdateSettings withPolicy(FirmwarePolicy p) {
        return new UpdateSettings(
                healthDeadline, maxTrialBoots, selfTest, progressInterval, steps, gate, manifests, p, handler, watch);
    }

    public UpdateSettings withHandler(StepHandler h) {
        return new UpdateSettings(
                healthDeadline, maxTrialBoots, selfTest, progressInterval, steps, gate, manifests, policy, h, watch);
    }

    public UpdateSettings withGate(MethodGate g) {
        return new UpdateSettings(
                healthDeadline, maxTrialBoots, selfTest, progressInterval, steps, g, manifests, policy, handler, watch);
    }

    public UpdateSettings withWatch(HealthWatch w) {
        return new UpdateSettings(
                healthDeadline, maxTrialBoots, selfTest, progressInterval, steps, gate, manifests, policy, handler, w);
    }
}
