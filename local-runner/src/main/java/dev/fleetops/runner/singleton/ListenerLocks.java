package dev.fleetops.runner.singleton;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import dev.fleetops.runner.metadata.SingletonOptions;
import dev.fleetops.runner.timer.TimerScheduler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebJobs SDK's singleton listener lock (Azure/azure-webjobs-sdk: src/Microsoft.Azure.WebJobs.Host/Singleton/
 * SingletonListener.cs, SingletonManager.cs; src/Microsoft.Azure.WebJobs.Host.Storage/Singleton/
 * BlobLeaseDistributedLockManager.cs), which the host puts around every timer listener:
 * <ul>
 *   <li>the lock is a lease on the blob {@code locks/<hostId>/Host.Functions.<Function>.Listener} in container
 *       {@code azure-webjobs-hosts} of {@code AzureWebJobsStorage} (lock id {@code <hostId>/<FunctionDescriptor.FullName>
 *       .Listener}; the host names script functions {@code Host.Functions.<name>});</li>
 *   <li>acquiring reads the blob's properties first and asks for the lease only when it is available, expired or
 *       broken; a missing blob (and container) is created empty. The lease lasts {@code listenerLockPeriod} (60 s)
 *       and is renewed at half of that, sooner after a server error (halving, at least 1 s apart);</li>
 *   <li>an instance that does not get the lock does not start the listener and tries again every
 *       {@code listenerLockRecoveryPollingInterval} (1 minute); when it gets it, it starts the listener;</li>
 *   <li>stopping stops the listener first, then releases the lease, so another instance takes over at its next
 *       try; a holder that dies without releasing loses the lease when it expires.</li>
 * </ul>
 * When a renewal fails with anything but a server error the SDK throws, which restarts the host; the runner instead
 * stops that timer's listener and goes back to trying for the lock.
 */
public final class ListenerLocks implements TimerScheduler.ListenerGate, AutoCloseable {
    private static final Logger LOG = Logger.getLogger("Host.Singleton");
    private static final Duration MINIMUM_RENEWAL = Duration.ofSeconds(1);

    private final BlobContainerClient container;
    private final String hostId;
    private final Duration leasePeriod;
    private final Duration recoveryInterval;
    private final ScheduledExecutorService scheduler;

    public ListenerLocks(BlobContainerClient container, String hostId, SingletonOptions options) {
        this(container, hostId, options.listenerLockPeriod(), options.listenerLockRecoveryPollingInterval());
    }

    /** @param recoveryInterval how often an instance without the lock tries again (tests shorten it) */
    public ListenerLocks(
            BlobContainerClient container, String hostId, Duration leasePeriod, Duration recoveryInterval) {
        this.container = container;
        this.hostId = hostId;
        this.leasePeriod = leasePeriod;
        this.recoveryInterval = recoveryInterval;
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "singleton-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public String hostId() {
        return hostId;
    }

    /** {@code azure-webjobs-hosts}, where the locks (and the timers' schedule statuses) live. */
    public BlobContainerClient container() {
        return container;
    }

    /** {@code locks/<hostId>/Host.Functions.<function>.Listener}. */
    public String blobName(String function) {
        return "locks/" + lockId(function);
    }

    private String lockId(String function) {
        return hostId + "/Host.Functions." + function + ".Listener";
    }

    @Override
    public AutoCloseable listen(String function, Runnable start, Runnable stop) {
        Listener l = new Listener(function, start, stop);
        l.schedule(0);
        return l::close;
    }

    private final class Listener {
        private final String lockId;
        private final BlobClient blob;
        private final Runnable start;
        private final Runnable stop;
        private BlobLeaseClient lease;
        private ScheduledFuture<?> next;
        private boolean closed;
        private boolean toldHeld;

        Listener(String function, Runnable start, Runnable stop) {
            this.lockId = lockId(function);
            this.blob = container.getBlobClient(blobName(function));
            this.start = start;
            this.stop = stop;
        }

        synchronized void schedule(long delayMillis) {
            if (closed) {
                return;
            }
            try {
                next = scheduler.schedule(this::tryAcquire, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // closing
            }
        }

        synchronized void tryAcquire() {
            if (closed) {
                return;
            }
            String leaseId;
            try {
                leaseId = acquire();
            } catch (RuntimeException e) {
                LOG.warning("Cannot take the singleton lock (" + lockId + "): "
                        + e.getMessage().lines().findFirst().orElse("") + "; trying again in "
                        + recoveryInterval.toSeconds() + " s");
                schedule(recoveryInterval.toMillis());
                return;
            }
            if (leaseId == null) {
                if (!toldHeld) {
                    LOG.info("Unable to acquire Singleton lock (" + lockId + "): another instance holds it; trying"
                            + " again every " + recoveryInterval.toMillis() + " ms");
                    toldHeld = true;
                } else {
                    LOG.fine("Unable to acquire Singleton lock (" + lockId + ").");
                }
                schedule(recoveryInterval.toMillis());
                return;
            }
            lease = new BlobLeaseClientBuilder()
                    .blobClient(blob)
                    .leaseId(leaseId)
                    .buildClient();
            LOG.info("Singleton lock acquired (" + lockId + ")");
            start.run();
            Duration normal = leasePeriod.dividedBy(2);
            scheduleRenewal(normal, normal);
        }

        private String acquire() {
            BlobProperties props = properties();
            if (props == null) {
                create();
            } else if (props.getLeaseState() != LeaseStateType.AVAILABLE
                    && props.getLeaseState() != LeaseStateType.EXPIRED
                    && props.getLeaseState() != LeaseStateType.BROKEN) {
                return null;
            }
            try {
                return new BlobLeaseClientBuilder()
                        .blobClient(blob)
                        .buildClient()
                        .acquireLease((int) leasePeriod.toSeconds());
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 409) {
                    return null;
                }
                throw e;
            }
        }

        private BlobProperties properties() {
            try {
                return blob.getProperties();
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
        }

        private void create() {
            try {
                blob.upload(BinaryData.fromString(""), false);
            } catch (BlobStorageException e) {
                if (e.getErrorCode() == BlobErrorCode.CONTAINER_NOT_FOUND) {
                    container.createIfNotExists();
                    create();
                } else if (e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                    throw e;
                }
            }
        }

        private synchronized void scheduleRenewal(Duration delay, Duration current) {
            if (closed) {
                return;
            }
            try {
                next = scheduler.schedule(() -> renew(current), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // closing
            }
        }

        synchronized void renew(Duration current) {
            if (closed || lease == null) {
                return;
            }
            Duration normal = leasePeriod.dividedBy(2);
            try {
                lease.renewLease();
                scheduleRenewal(normal, normal);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() >= 500) {
                    LOG.warning("Singleton lock renewal failed for blob '" + lockId + "' with error code "
                            + e.getStatusCode() + ".");
                    Duration faster = current.dividedBy(2);
                    Duration d = faster.compareTo(MINIMUM_RENEWAL) > 0 ? faster : MINIMUM_RENEWAL;
                    scheduleRenewal(d, d);
                } else {
                    lost(e);
                }
            } catch (RuntimeException e) {
                Duration faster = current.dividedBy(2);
                Duration d = faster.compareTo(MINIMUM_RENEWAL) > 0 ? faster : MINIMUM_RENEWAL;
                scheduleRenewal(d, d);
            }
        }

        private void lost(RuntimeException e) {
            LOG.severe("Singleton lock renewal failed for blob '" + lockId + "' with error code "
                    + e.getMessage().lines().findFirst().orElse("") + "; the lease is lost, stopping the listener");
            lease = null;
            stop.run();
            schedule(recoveryInterval.toMillis());
        }

        void close() {
            BlobLeaseClient held;
            synchronized (this) {
                closed = true;
                if (next != null) {
                    next.cancel(false);
                }
                held = lease;
                lease = null;
            }
            stop.run();
            if (held != null) {
                try {
                    held.releaseLease();
                    LOG.info("Singleton lock released (" + lockId + ")");
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "releasing " + lockId + " failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
