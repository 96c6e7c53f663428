package dev.fleetops.device.state;

import dev.fleetops.contract.HealthReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the device keeps across restarts. Immutable; every change yields a new instance that the
 * {@link StateStore} persists before anything is reported.
 *
 * @param firmwareVersion      the installed (running) version
 * @param bootCount            boots of this device: process starts plus simulated reboots
 * @param lastReboot           ISO-8601 time of the last completed reboot operation, or null
 * @param settings             local settings mirrored from desired {@code settings}; wiped by factory reset
 * @param current              the operation in progress, or null when idle
 * @param reports              last report per {@code iothubDM} section
 * @param recent               finished operations, newest last, at most {@link #MAX_RECENT}
 * @param audit                local history, newest last, at most {@link #MAX_AUDIT}
 * @param clearReportedPending a factory reset still has to null the reported properties it owns
 * @param slots                the A/B firmware slots
 * @param highestSecurityVersion the highest manifest security version this device has ever installed, null
 *                             for 0 (so state files from before it are written back unchanged); only raised,
 *                             when an update is confirmed, and never lowered (factory reset keeps it)
 * @param provisional          the version on its post-update health watch, or null (none, or the watch is off)
 * @param health               the last self-test result as reported in {@code reported.health}, or null before the
 *                             first; re-published after every (re)connect like {@code iothubDM}
 */
public record DeviceState(
        String firmwareVersion,
        long bootCount,
        String lastReboot,
        Map<String, String> settings,
        Operation current,
        DmReports reports,
        List<FinishedOperation> recent,
        List<AuditEntry> audit,
        boolean clearReportedPending,
        Slots slots,
        Long highestSecurityVersion,
        Provisional provisional,
        HealthReport health) {
    public static final int MAX_RECENT = 50;
    public static final int MAX_AUDIT = 100;

    public DeviceState {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        reports = reports == null ? DmReports.NONE : reports;
        recent = recent == null ? List.of() : List.copyOf(tail(recent, MAX_RECENT));
        audit = audit == null ? List.of() : List.copyOf(tail(audit, MAX_AUDIT));
        slots = slots == null ? Slots.INITIAL : slots;
        if (highestSecurityVersion != null && highestSecurityVersion < 0) {
            throw new IllegalArgumentException("highestSecurityVersion must not be negative");
        }
        highestSecurityVersion =
                highestSecurityVersion == null || highestSecurityVersion == 0 ? null : highestSecurityVersion;
    }

    /** The highest security version this device has installed (0 if none). */
    public long securityVersion() {
        return highestSecurityVersion == null ? 0 : highestSecurityVersion;
    }

    /** The state of a device that has never run, or has just been reset to factory settings. */
    public static DeviceState factory(String firmwareVersion) {
        return new DeviceState(
                firmwareVersion,
                0,
                null,
                Map.of(),
                null,
                DmReports.NONE,
                List.of(),
                List.of(),
                false,
                null,
                null,
                null,
                null);
    }

    public Optional<FinishedOperation> finished(String operationId) {
        return recent.stream().filter(f -> f.operationId().equals(operationId)).reduce((a, b) -> b);
    }

    public DeviceState withCurrent(Operation op) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                settings,
                op,
                reports,
                recent,
                audit,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                provisional,
                health);
    }

    public DeviceState withReports(DmReports r) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                settings,
                current,
                r,
                recent,
                audit,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                provisional,
                health);
    }

    public DeviceState withFirmwareVersion(String v) {
        return new DeviceState(
                v,
                bootCount,
                lastReboot,
                settings,
                current,
                reports,
                recent,
                audit,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                provisional,
                health);
    }

    public DeviceState withSettings(Map<String, String> s) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                s,
                current,
                reports,
                recent,
                audit,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                provisional,
                health);
    }

    public DeviceState withClearReportedPending(boolean pending) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                settings,
                current,
                reports,
                recent,
                audit,
                pending,
                slots,
                highestSecurityVersion,
                provisional,
                health);
    }

    public DeviceState withSlots(Slots s) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                settings,
                current,
                reports,
                recent,
                audit,
                clearReportedPending,
                s,
                highestSecurityVersion,
                provisional,
                health);
    }

    public DeviceState withProvisional(Provisional p) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                settings,
                current,
                reports,
                recent,
                audit,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                p,
                health);
    }

    public DeviceState withHealth(HealthReport h) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                settings,
                current,
                reports,
                recent,
                audit,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                provisional,
                h);
    }

    /** The stored security version raised to {@code v} if {@code v} is higher; never lowered. */
    public DeviceState withSecurityVersionAtLeast(long v) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                settings,
                current,
                reports,
                recent,
                audit,
                clearReportedPending,
                slots,
                Math.max(securityVersion(), v),
                provisional,
                health);
    }

    /** One more boot; {@code rebootTime} non-null when the boot completes a reboot operation. */
    public DeviceState booted(String rebootTime) {
        return new DeviceState(
                firmwareVersion,
                bootCount + 1,
                rebootTime == null ? lastReboot : rebootTime,
                settings,
                current,
                reports,
                recent,
                audit,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                provisional,
                health);
    }

    public DeviceState withLastReboot(String time) {
        return new DeviceState(
                firmwareVersion,
                bootCount,
                time,
                settings,
                current,
                reports,
                recent,
                audit,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                provisional,
                health);
    }

    /** Clears {@link #current}, remembering it as finished with {@code status}, and audits it. */
    public DeviceState finish(String status, String now) {
        Operation op = current;
        List<FinishedOperation> r = new ArrayList<>(recent);
        r.add(new FinishedOperation(op.operationId(), op.action(), status, now));
        return new DeviceState(
                        firmwareVersion,
                        bootCount,
                        lastReboot,
                        settings,
                        null,
                        reports,
                        r,
                        audit,
                        clearReportedPending,
                        slots,
                        highestSecurityVersion,
                        provisional,
                        health)
                .audited(now, op.action().methodName() + " " + status + " (" + op.operationId() + ")");
    }

    /** Records an operation that finished the moment it was requested (e.g. firmware already current). */
    public DeviceState finishedImmediately(FinishedOperation f) {
        List<FinishedOperation> r = new ArrayList<>(recent);
        r.add(f);
        return new DeviceState(
                        firmwareVersion,
                        bootCount,
                        lastReboot,
                        settings,
                        current,
                        reports,
                        r,
                        audit,
                        clearReportedPending,
                        slots,
                        highestSecurityVersion,
                        provisional,
                        health)
                .audited(f.finishedAt(), f.action().methodName() + " " + f.status() + " (" + f.operationId() + ")");
    }

    public DeviceState audited(String at, String event) {
        List<AuditEntry> a = new ArrayList<>(audit);
        a.add(new AuditEntry(at, event));
        return new DeviceState(
                firmwareVersion,
                bootCount,
                lastReboot,
                settings,
                current,
                reports,
                recent,
                a,
                clearReportedPending,
                slots,
                highestSecurityVersion,
                provisional,
                health);
    }

    private static <T> List<T> tail(List<T> list, int max) {
        return list.size() <= max ? list : list.subList(list.size() - max, list.size());
    }
}
