package dev.fleetops.runner.queue;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageDecodingError;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import dev.fleetops.runner.app.FunctionInvoker;
import dev.fleetops.runner.app.Invocation;
import dev.fleetops.runner.app.LocalExecutionContext;
import dev.fleetops.runner.metadata.QueuesOptions;
import dev.fleetops.runner.storage.StorageAccount;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One queue-triggered function's listener, as the extension's {@code QueueListener} and {@code QueueProcessor}
 * run it (Azure/azure-sdk-for-net, sdk/storage/Microsoft.Azure.WebJobs.Extensions.Storage.Common/src/Shared/Queues/
 * QueueListener.cs, QueueProcessor.cs; Shared/UpdateQueueMessageVisibilityCommand.cs), without dynamic concurrency:
 * <ul>
 *   <li>a poll receives up to {@code batchSize} messages, each made invisible for 10 minutes; each is processed on
 *       its own thread;</li>
 *   <li>after a poll that found messages, the next poll waits until the messages in flight drop to
 *       {@code newBatchThreshold} ({@code WaitForNewBatchThreshold}), so at most {@code batchSize + newBatchThreshold}
 *       run at once; after an empty poll (or a missing queue, or a storage error) it waits {@link PollBackoff};</li>
 *   <li>a message whose dequeue count already exceeds {@code maxDequeueCount} goes straight to the poison queue
 *       ({@code BeginProcessingMessageAsync});</li>
 *   <li>while the function runs, the message's invisibility is renewed to 10 minutes every 5 minutes (half of
 *       it), sooner after a server error ({@code LinearSpeedupStrategy}, at least 1 minute apart); a pop receipt
 *       mismatch or a missing message stops the renewal;</li>
 *   <li>on success the message is deleted; on failure, once its dequeue count reaches {@code maxDequeueCount} it is
 *       copied to {@code <queue>-poison} (created if missing) and deleted, else made visible again after
 *       {@code visibilityTimeout}; without a poison queue (a queue named {@code *-poison}) a failed message stays
 *       invisible ({@code CompleteProcessingMessageAsync});</li>
 *   <li>a message that does not decode (not base64 while {@code messageEncoding} is base64) is moved as it is to the
 *       poison queue without invoking the function ({@code QueueServiceClientProvider}'s
 *       {@code MessageDecodingFailed} handler).</li>
 * </ul>
 */
public final class QueueListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("Host.Queues");
    /** {@code QueueListener._visibilityTimeout}: how long a received message stays invisible; renewed at half. */
    public static final Duration MESSAGE_VISIBILITY = Duration.ofMinutes(10);
    /** {@code QueueListener.MinimumVisibilityRenewalInterval}. */
    static final Duration MINIMUM_RENEWAL = Duration.ofMinutes(1);

    private static final DateTimeFormatter OFFSET_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    /** A queue-triggered function: its name, invoker and whether its {@code dataType} is {@code binary}. */
    public record Function(String name, String queue, FunctionInvoker invoker, boolean binary) {}

    private final Function function;
    private final QueuesOptions options;
    private final int newBatchThreshold;
    private final QueueClient queue;
    private final QueueClient poisonQueue;
    private final QueueClient rawPoisonQueue;
    private final Consumer<QueueRun> listener;
    private final PollPause pause;
    private final Duration messageVisibility;
    private final PollBackoff backoff;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService invocations;
    private final ScheduledExecutorService renewals;
    private final Thread poller;
    private final AtomicLong receives = new AtomicLong();
    private final AtomicLong renewed = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition completed = lock.newCondition();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopped;

    /**
     * @param processorCount    for the default {@code newBatchThreshold}
     * @param messageVisibility how long received messages stay invisible ({@link #MESSAGE_VISIBILITY}; tests shorten it)
     */
    public QueueListener(
            Function function,
            StorageAccount account,
            QueuesOptions options,
            int processorCount,
            Consumer<QueueRun> listener,
            PollPause pause,
            Duration messageVisibility) {
        this.function = function;
        this.options = options;
        this.newBatchThreshold = options.newBatchThreshold(processorCount);
        this.listener = listener;
        this.pause = pause;
        this.messageVisibility = messageVisibility;
        this.backoff =
                new PollBackoff(QueuesOptions.MINIMUM_POLLING_INTERVAL, options.maxPollingInterval(), Math::random);
        QueueMessageEncoding encoding = options.messageEncoding() == QueuesOptions.Encoding.BASE64
                ? QueueMessageEncoding.BASE64
                : QueueMessageEncoding.NONE;
        String poisonName = QueueNames.poisonQueue(function.queue());
        this.poisonQueue = poisonName == null
                ? null
                : account.queue(poisonName).messageEncoding(encoding).buildClient();
        this.rawPoisonQueue = poisonName == null
                ? null
                : account.queue(poisonName)
                        .messageEncoding(QueueMessageEncoding.NONE)
                        .buildClient();
        this.queue = account.queue(function.queue())
                .messageEncoding(encoding)
                .processMessageDecodingError(this::moveUndecodable)
                .buildClient();
        this.invocations = Executors.newCachedThreadPool(threads("queue-" + function.name()));
        this.renewals = Executors.newSingleThreadScheduledExecutor(threads("queue-renew-" + function.name()));
        this.poller = new Thread(this::poll, "queue-poll-" + function.name());
        this.poller.setDaemon(true);
    }

    public void start() {
        LOG.info("Queue listener started for 'Functions." + function.name() + "' (queue '" + function.queue()
                + "', batchSize " + options.batchSize() + ", newBatchThreshold " + newBatchThreshold + ")");
        poller.start();
    }

    /** How many times the listener has asked the queue for messages. */
    public long receiveCalls() {
        return receives.get();
    }

    /** How many times the listener has renewed a running message's invisibility. */
    public long visibilityRenewals() {
        return renewed.get();
    }

    private void poll() {
        boolean foundSinceLastDelay = false;
        while (!stopped) {
            List<QueueMessageItem> batch;
            try {
                receives.incrementAndGet();
                batch = queue.receiveMessages(options.batchSize(), messageVisibility, null, Context.NONE).stream()
                        .toList();
            } catch (QueueStorageException e) {
                if (e.getStatusCode() != 404) {
                    LOG.warning("Polling queue '" + function.queue() + "' failed (" + e.getStatusCode() + " "
                            + e.getErrorCode() + "); backing off");
                }
                batch = List.of();
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.warning("Polling queue '" + function.queue() + "' failed (" + e + "); backing off");
                batch = List.of();
            }
            try {
                if (batch.isEmpty()) {
                    Duration delay = backoff.next(foundSinceLastDelay);
                    foundSinceLastDelay = false;
                    pause.pause(function.queue(), delay);
                    continue;
                }
                for (QueueMessageItem m : batch) {
                    inFlight.incrementAndGet();
                    invocations.execute(() -> {
                        try {
                            process(m);
                        } finally {
                            done();
                        }
                    });
                }
                foundSinceLastDelay = true;
                waitForNewBatchThreshold();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void waitForNewBatchThreshold() throws InterruptedException {
        lock.lock();
        try {
            while (inFlight.get() > newBatchThreshold && !stopped) {
                completed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private void done() {
        lock.lock();
        try {
            inFlight.decrementAndGet();
            completed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void process(QueueMessageItem message) {
        if (message.getDequeueCount() > options.maxDequeueCount()) {
            moveToPoison(message, poisonQueue, message.getBody());
            return;
        }
        Receipt receipt = new Receipt(message.getMessageId(), message.getPopReceipt());
        ScheduledFuture<?> renewal = scheduleRenewal(receipt, halfOf(messageVisibility));
        Throwable failure = invoke(message);
        synchronized (receipt) {
            renewal.cancel(false);
            receipt.stopped = true;
        }
        try {
            if (failure == null) {
                delete(receipt);
            } else if (poisonQueue != null) {
                if (message.getDequeueCount() >= options.maxDequeueCount()) {
                    moveToPoison(message.setPopReceipt(receipt.popReceipt), poisonQueue, message.getBody());
                } else {
                    release(receipt);
                }
            }
            // Without a poison queue a failed message stays invisible, so it cannot loop fast.
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Completing message '" + message.getMessageId() + "' failed", e);
        }
    }

    private Throwable invoke(QueueMessageItem message) {
        byte[] body = message.getBody().toBytes();
        LocalExecutionContext context = LocalExecutionContext.create(function.name());
        report(message, QueueRun.Phase.STARTED, null);
        LOG.info("Executing 'Functions." + function.name() + "' (Reason='New queue message detected on '"
                + function.queue() + "'.', Id=" + context.invocationId() + ")");
        Throwable failure = null;
        try {
            function.invoker()
                    .invoke(Invocation.queue(
                            new Invocation.QueueInput(body, function.binary()), metadata(message, body), context));
            LOG.info("Executed 'Functions." + function.name() + "' (Succeeded, Id=" + context.invocationId() + ")");
        } catch (Exception e) {
            failure = e;
            LOG.log(
                    Level.SEVERE,
                    "Executed 'Functions." + function.name() + "' (Failed, Id=" + context.invocationId() + ")",
                    e);
        } catch (Error e) {
            failure = e;
            LOG.log(Level.SEVERE, "Executed 'Functions." + function.name() + "' (Failed)", e);
        }
        report(message, QueueRun.Phase.FINISHED, failure);
        return failure;
    }

    /**
     * {@code QueueTriggerBinding.CreateBindingData}: {@code QueueTrigger} (only when the body is valid text),
     * {@code DequeueCount}, {@code ExpirationTime}, {@code Id}, {@code InsertionTime}, {@code NextVisibleTime},
     * {@code PopReceipt}. Times are written as .NET writes a {@code DateTimeOffset} in ISO form.
     */
    static Map<String, String> metadata(QueueMessageItem m, byte[] body) {
        Map<String, String> data = new HashMap<>();
        String text = utf8(body);
        if (text != null) {
            data.put("QueueTrigger", text);
        }
        data.put("DequeueCount", Long.toString(m.getDequeueCount()));
        data.put("Id", m.getMessageId());
        data.put("PopReceipt", m.getPopReceipt());
        put(data, "ExpirationTime", m.getExpirationTime());
        put(data, "InsertionTime", m.getInsertionTime());
        put(data, "NextVisibleTime", m.getTimeNextVisible());
        return data;
    }

    private static void put(Map<String, String> data, String name, OffsetDateTime time) {
        if (time != null) {
            data.put(name, OFFSET_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC)));
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The pop receipt changes with every visibility update; completion uses the latest. */
    private static final class Receipt {
        final String messageId;
        volatile String popReceipt;
        boolean stopped;

        Receipt(String messageId, String popReceipt) {
            this.messageId = messageId;
            this.popReceipt = popReceipt;
        }
    }

    private ScheduledFuture<?> scheduleRenewal(Receipt receipt, Duration delay) {
        return renewals.schedule(() -> renew(receipt, delay), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code UpdateQueueMessageVisibilityCommand} with {@code LinearSpeedupStrategy(visibility / 2, 1 min)}. */
    private void renew(Receipt receipt, Duration current) {
        Duration normal = halfOf(messageVisibility);
        Duration minimum = MINIMUM_RENEWAL.compareTo(normal) < 0 ? MINIMUM_RENEWAL : normal;
        synchronized (receipt) {
            if (receipt.stopped) {
                return;
            }
            Duration computed;
            try {
                receipt.popReceipt = queue.updateMessage(receipt.messageId, receipt.popReceipt, null, messageVisibility)
                        .getPopReceipt();
                renewed.incrementAndGet();
                computed = normal;
            } catch (QueueStorageException e) {
                if (e.getStatusCode() >= 500) {
                    Duration faster = current.dividedBy(2);
                    computed = faster.compareTo(minimum) > 0 ? faster : minimum;
                } else {
                    // A pop receipt mismatch or a deleted message: ownership is lost for good.
                    LOG.warning("Cannot renew the visibility of message '" + receipt.messageId + "' ("
                            + e.getStatusCode() + " " + e.getErrorCode() + "); no longer renewing it");
                    return;
                }
            } catch (RuntimeException e) {
                computed = minimum;
            }
            Duration next = computed;
            try {
                renewals.schedule(() -> renew(receipt, next), next.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // stopping
            }
        }
    }

    private void delete(Receipt receipt) {
        try {
            queue.deleteMessage(receipt.messageId, receipt.popReceipt);
        } catch (QueueStorageException e) {
            if (e.getStatusCode() != 400 && e.getStatusCode() != 404 && e.getStatusCode() != 409) {
                throw e;
            }
            LOG.fine("Unable to delete queue message '" + receipt.messageId + "' (" + e.getStatusCode() + ")");
        }
    }

    /** {@code ReleaseMessageAsync}: visible again after {@code visibilityTimeout}. */
    private void release(Receipt receipt) {
        try {
            queue.updateMessage(receipt.messageId, receipt.popReceipt, null, options.visibilityTimeout());
        } catch (QueueStorageException e) {
            if (e.getStatusCode() != 400 && e.getStatusCode() != 404 && e.getStatusCode() != 409) {
                throw e;
            }
        }
    }

    /** {@code HandlePoisonMessageAsync}: copy to the poison queue (created if missing), then delete. */
    private void moveToPoison(QueueMessageItem message, QueueClient poison, BinaryData body) {
        if (poison == null) {
            return;
        }
        LOG.warning("Message has reached MaxDequeueCount of " + options.maxDequeueCount()
                + ". Moving message to queue '" + poison.getQueueName() + "'.");
        try {
            poison.sendMessage(body);
        } catch (QueueStorageException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
            poison.createIfNotExists();
            poison.sendMessage(body);
        }
        delete(new Receipt(message.getMessageId(), message.getPopReceipt()));
    }

    /** The decoding-failure handler: the raw body goes to the poison queue through a client that does not encode. */
    private void moveUndecodable(QueueMessageDecodingError error) {
        QueueMessageItem m = error.getQueueMessageItem();
        if (m == null) {
            return;
        }
        LOG.warning("Queue message '" + m.getMessageId() + "' on '" + function.queue() + "' is not valid "
                + options.messageEncoding().name().toLowerCase(java.util.Locale.ROOT)
                + "; moving it to the poison queue");
        moveToPoison(m, rawPoisonQueue, m.getBody());
    }

    private void report(QueueMessageItem m, QueueRun.Phase phase, Throwable failure) {
        try {
            listener.accept(new QueueRun(
                    function.name(),
                    function.queue(),
                    m.getMessageId(),
                    m.getDequeueCount(),
                    m.getBody().toString(),
                    phase,
                    inFlight.get(),
                    clock.instant(),
                    failure));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "queue listener callback failed", e);
        }
    }

    private static Duration halfOf(Duration d) {
        return d.dividedBy(2);
    }

    private static java.util.concurrent.ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops polling, lets running invocations finish (up to 30 s), as the host's graceful stop does. */
    @Override
    public void close() {
        stopped = true;
        poller.interrupt();
        lock.lock();
        try {
            completed.signalAll();
        } finally {
            lock.unlock();
        }
        invocations.shutdown();
        try {
            invocations.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        invocations.shutdownNow();
        renewals.shutdownNow();
    }
}
