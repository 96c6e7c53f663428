package dev.fleetops.bench;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Counts every HTTP request an Azure SDK client sends (retries included; a Table batch of up to 100 rows is one) and
 * the time they took, for the benchmarks' "requests per device" and "ms per request" figures.
 */
public final class CountingPolicy implements HttpPipelinePolicy {
    private final AtomicLong requests;
    private final AtomicLong nanos;

    public CountingPolicy(AtomicLong requests, AtomicLong nanos) {
        this.requests = requests;
        this.nanos = nanos;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        requests.incrementAndGet();
        long start = System.nanoTime();
        return next.process().doFinally(signal -> nanos.addAndGet(System.nanoTime() - start));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        requests.incrementAndGet();
        long start = System.nanoTime();
        try {
            return next.processSync();
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }
}
