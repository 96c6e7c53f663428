package dev.fleetops.functions.gates;

import dev.fleetops.core.event.WebhookSignature;
import dev.fleetops.core.event.WebhookUrlPolicy;
import dev.fleetops.core.rollout.GateVerdict;
import dev.fleetops.core.rollout.WaveGates;
import dev.fleetops.core.rollout.service.GateAnswer;
import dev.fleetops.core.rollout.service.WaveGateCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link WaveGateCalls} on the JDK's HTTP client. The gate's URL is checked against the same address policy as webhooks
 * before every request (https only, no private, loopback or metadata address unless the deployment allows it), no
 * redirect is followed, the gate's own timeout bounds the whole exchange, and at most {@link GateAnswer#MAX_BODY} bytes
 * of the answer are read: a gate that is slow, huge or wrong holds the wave, it never stalls the tick or opens the wave.
 */
public final class HttpWaveGate implements WaveGateCalls {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final WebhookUrlPolicy urls;
    private final WebhookUrlPolicy.Resolver resolver;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Reads answers' bodies, so a read can be abandoned at the deadline (closing the stream ends it). */
    private static final ExecutorService READER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fleetops-gate-answer");
        t.setDaemon(true);
        return t;
    });

    public HttpWaveGate(WebhookUrlPolicy urls, WebhookUrlPolicy.Resolver resolver) {
        this.urls = urls;
        this.resolver = resolver;
    }

    @Override
    public GateVerdict ask(WaveGates.ExternalGate gate, String body) {
        if (urls.check(gate.url(), resolver) instanceof WebhookUrlPolicy.Checked.Refused r) {
            return GateVerdict.waiting("the gate's address is refused: " + r.why());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gate.url()))
                .timeout(gate.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header("User-Agent", "FleetOps-Gates/1");
        if (gate.secret() != null) {
            // Signed as webhooks are (Standard Webhooks): a fresh id per request, so a gate can refuse replays.
            String id = "gate_" + java.util.UUID.randomUUID().toString().replace("-", "");
            long ts = java.time.Instant.now().getEpochSecond();
            builder.header(WebhookSignature.ID, id)
                    .header(WebhookSignature.TIMESTAMP, Long.toString(ts))
                    .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(gate.secret(), id, ts, body));
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long deadline = System.nanoTime() + gate.timeout().toNanos();
        InputStream in = null;
        try {
            // The request's timeout ends at the answer's headers; the body is read under the same deadline, so a gate
            // that drips its answer a byte at a time cannot hold the tick either.
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            in = r.body();
            InputStream answer = in;
            Future<byte[]> read = READER.submit(() -> answer.readNBytes(GateAnswer.MAX_BODY + 1));
            byte[] bytes = read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return GateAnswer.read(r.statusCode(), new String(bytes, StandardCharsets.UTF_8));
        } catch (HttpTimeoutException | TimeoutException e) {
            return GateVerdict.waiting(
                    "the gate did not answer within " + gate.timeout().toSeconds() + " s");
        } catch (IOException | ExecutionException e) {
            return GateVerdict.waiting(
                    "no answer from the gate: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return GateVerdict.waiting("interrupted");
        } finally {
            closeQuietly(in);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing only abandons the rest of an answer FleetOps does not read.
        }
    }
}
