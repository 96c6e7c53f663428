package dev.fleetops.runner.fake;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queue functions for the runner's tests. They report what they received through JDK objects the test puts in the
 * system properties (the app's class loader does not see the test's classes, but both see the JDK's).
 */
public final class FakeQueueFunctions {
    public static final String SEEN = "fleetops.test.queue.seen";
    public static final String RUNNING = "fleetops.test.queue.running";
    public static final String MOST_RUNNING = "fleetops.test.queue.most-running";
    public static final String HOLD = "fleetops.test.queue.hold";

    @SuppressWarnings("unchecked")
    private static void seen(String line) {
        ((Queue<String>) System.getProperties().get(SEEN)).add(line);
    }

    /** Records message, DequeueCount, Id and the function's name; fails messages starting with "fail". */
    @FunctionName("Echo")
    public void echo(
            @QueueTrigger(name = "message", queueName = "%ECHO_QUEUE%", connection = "AzureWebJobsStorage")
                    String message,
            @BindingName("DequeueCount") long dequeueCount,
            @BindingName("Id") String id,
            @BindingName("InsertionTime") String insertionTime,
            ExecutionContext context)
            throws InterruptedException {
        seen(context.getFunctionName() + "|" + message + "|" + dequeueCount + "|" + id + "|" + insertionTime);
        if (message.startsWith("fail")) {
            throw new IllegalStateException("failing on purpose: " + message);
        }
        if (message.startsWith("hold")) {
            // Runs until the test lets it go: longer than the message's invisibility.
            ((java.util.concurrent.CountDownLatch) System.getProperties().get(HOLD))
                    .await(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (message.startsWith("slow")) {
            Thread.sleep(100); // the behaviour under test: work that takes a while, so two instances share a queue
        }
    }

    /** A message body as JSON, read into a POJO through the worker's Gson. */
    public static final class Order {
        public String device;
        public int count;
    }

    @FunctionName("Pojo")
    public void pojo(
            @QueueTrigger(name = "message", queueName = "pojo-orders", connection = "AzureWebJobsStorage")
                    Order order) {
        seen("Pojo|" + order.device + "|" + order.count);
    }

    @FunctionName("Bytes")
    public void bytes(
            @QueueTrigger(
                            name = "message",
                            queueName = "binary-in",
                            connection = "AzureWebJobsStorage",
                            dataType = "binary")
                    byte[] body) {
        seen("Bytes|" + body.length + "|" + (body[0] & 0xff));
    }

    /** Counts how many run at once; message "n" works n * 60 ms, so completions are staggered. */
    @FunctionName("Busy")
    public void busy(
            @QueueTrigger(name = "message", queueName = "busy", connection = "AzureWebJobsStorage") String message)
            throws InterruptedException {
        AtomicInteger running = (AtomicInteger) System.getProperties().get(RUNNING);
        AtomicInteger most = (AtomicInteger) System.getProperties().get(MOST_RUNNING);
        int now = running.incrementAndGet();
        most.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(60L * Integer.parseInt(message)); // the behaviour under test: overlapping work
        } finally {
            running.decrementAndGet();
        }
    }
}
