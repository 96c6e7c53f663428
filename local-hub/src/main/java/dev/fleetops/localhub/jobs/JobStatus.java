package dev.fleetops.localhub.jobs;

/**
 * Job and device-job statuses, spelt as iot-service-client 2.1.9 parses them: the docs' {@code pending} and
 * {@code canceled} make its {@code ScheduledJobStatus.valueOf} throw, so {@code queued} and {@code cancelled}
 * are used instead.
 */
public enum JobStatus {
    queued,
    scheduled,
    running,
    completed,
    failed,
    cancelled;

    public boolean isTerminal() {
        return this == completed || this == failed || this == cancelled;
    }
}
