package dev.fleetops.functions.dispatch;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import dev.fleetops.core.rollout.service.DispatchBatch;
import dev.fleetops.core.rollout.service.DispatchWorker;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Queue-triggered dispatch (docs/performance.md, "Beyond one instance"): takes one message a rollout tick sent when
 * {@code ROLLOUT_DISPATCH_MODE=queue}, calls its devices paced by the hub-wide pacer, and keeps their answers for the
 * operation's next tick. The platform runs as many of these as the queue needs, on every instance. A message that is
 * not one of ours fails, so the host moves it to {@code <queue>-poison} after its tries; a storage failure fails it
 * too, and the host delivers it again (the worker skips devices already settled).
 */
public final class DispatchWorkerFunction {
    private final Supplier<DispatchWorker> worker;

    public DispatchWorkerFunction(Supplier<DispatchWorker> worker) {
        this.worker = worker;
    }

    @FunctionName("DispatchWorker")
    public void run(
            @QueueTrigger(name = "message", queueName = "%ROLLOUT_DISPATCH_QUEUE%", connection = "AzureWebJobsStorage")
                    String message,
            @BindingName("DequeueCount") long dequeueCount,
            ExecutionContext context) {
        DispatchBatch batch;
        try {
            batch = DispatchBatch.parse(message);
        } catch (IllegalArgumentException e) {
            context.getLogger().log(Level.WARNING, "dispatch message refused: " + e.getMessage());
            throw e;
        }
        DispatchWorker.Report r = worker.get().handle(batch, dequeueCount > 1);
        context.getLogger()
                .info("dispatch operation=" + r.operationId() + " devices=" + r.devices() + " skipped=" + r.skipped()
                        + " calls=" + r.calls() + " throttled=" + r.throttled() + " notSent=" + r.notSent()
                        + " dequeueCount=" + dequeueCount);
    }
}
