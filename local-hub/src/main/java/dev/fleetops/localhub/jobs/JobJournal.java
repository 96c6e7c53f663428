package dev.fleetops.localhub.jobs;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes jobs and their device rows to a {@link JobStore} as {@link JobRecords}, and reads them back. */
final class JobJournal {
    private static final Logger LOG = LoggerFactory.getLogger(JobJournal.class);

    private final JobStore store;
    /** True once the engine is stopping: store failures are then expected (it closes next) and not logged. */
    private final BooleanSupplier closing;

    JobJournal(JobStore store, BooleanSupplier closing) {
        this.store = store;
        this.closing = closing;
    }

    /** The stored jobs, oldest first (see {@link JobRecords#restore}). */
    List<Job> load() {
        return JobRecords.restore(store.load());
    }

    /**
     * Appends the job's record after {@code rows}; with {@code durable}, returns once they are fsync'd.
     *
     * @throws RuntimeException if the store cannot write (a disk error, or the store closed under a stopping hub)
     */
    void save(Job job, List<DeviceJob> rows, boolean durable) {
        if (store == JobStore.NONE) {
            return;
        }
        long ticket;
        synchronized (job) {
            for (DeviceJob d : rows) {
                store.append(JobRecords.rowKey(job.spec.jobId(), d.deviceId), JobRecords.of(d));
            }
            // The job record goes last: a log cut short after it still holds every row it counts.
            ticket = store.append(JobRecords.jobKey(job.spec.jobId()), JobRecords.of(job));
        }
        if (durable) {
            store.awaitDurable(ticket);
        }
    }

    /** {@link #save} where the caller cannot act on a failure; it is logged unless the engine is stopping. */
    void saveQuietly(Job job, List<DeviceJob> rows, boolean durable) {
        try {
            save(job, rows, durable);
        } catch (RuntimeException e) {
            if (!closing.getAsBoolean()) {
                LOG.warn("cannot store job {}: {}", job.spec.jobId(), e.toString());
            }
        }
    }

    /** The job was pruned: its records need not be kept. Call with the job's monitor held. */
    void forget(Job job) {
        job.devices.forEach(d -> store.forget(JobRecords.rowKey(job.spec.jobId(), d.deviceId)));
        store.forget(JobRecords.jobKey(job.spec.jobId()));
    }
}
