package dev.fleetops.localhub.jobs;

/**
 * Per-SKU job limits.
 *
 * @param maxActiveJobs jobs that may be queued, scheduled or running at once (1 on Free and S1, 5 on S2, 10 on S3)
 * @param pacer         paces the device operations of all jobs (10/s on Free and S1)
 */
public record JobLimits(int maxActiveJobs, DeviceOperationPacer pacer) {
    /** S1's documented job device operation rate. */
    public static final double S1_DEVICE_OPERATIONS_PER_SECOND = 10;

    public JobLimits {
        if (maxActiveJobs < 1) {
            throw new IllegalArgumentException("'maxActiveJobs' must be at least 1, was " + maxActiveJobs);
        }
        if (pacer == null) {
            throw new IllegalArgumentException("'pacer' must not be null");
        }
    }

    /** Free and S1: one active job, 10 device operations per second. */
    public static JobLimits s1() {
        return new JobLimits(1, DeviceOperationPacer.perSecond(S1_DEVICE_OPERATIONS_PER_SECOND));
    }
}
