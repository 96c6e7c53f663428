package dev.fleetops.functions.events;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.fleetops.core.event.EventPosts;
import dev.fleetops.core.event.WebhookUrlPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link EventPosts} on the JDK's HTTP client: no redirects followed, 5 s to connect, 10 s for the whole answer.
 *
 * <p><b>Event Grid</b> (a custom topic with the CloudEvents 1.0 input schema and local auth off): {@code POST
 * <endpoint>?api-version=2018-01-01} with {@code Content-Type: application/cloudevents-batch+json; charset=utf-8} and
 * {@code Authorization: Bearer <token>} for the audience {@code https://eventgrid.azure.net/.default}, the app's managed
 * identity holding "EventGrid Data Sender" on the topic (MicrosoftDocs/azure-docs
 * articles/event-grid/post-to-custom-topic.md and authenticate-with-microsoft-entra-id.md). Tokens are reused until 5
 * minutes before they expire. A local endpoint (the local stack's stand-in) may instead take a fixed development token.
 *
 * <p><b>Webhooks</b>: the URL's host is resolved and checked against the {@link WebhookUrlPolicy} again before each
 * send, so a name that now points at a private or metadata address is refused without a request. (The client resolves
 * the name once more to connect; a resolver that answers differently within that instant is not covered.)
 */
public final class HttpEventPosts implements EventPosts {
    public static final String SCOPE = "https://eventgrid.azure.net/.default";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI eventGrid;
    private final Supplier<TokenCredential> credential;
    private final String devToken;
    private final WebhookUrlPolicy urls;
    private final WebhookUrlPolicy.Resolver resolver;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private volatile AccessToken token;

    /**
     * @param eventGridEndpoint the topic's endpoint ({@code https://<topic>.<region>-1.eventgrid.azure.net/api/events}),
     *                          or null when no topic is configured
     * @param devToken          a fixed bearer token for a local endpoint, or null to use {@code credential}
     */
    public HttpEventPosts(
            String eventGridEndpoint,
            Supplier<TokenCredential> credential,
            String devToken,
            WebhookUrlPolicy urls,
            WebhookUrlPolicy.Resolver resolver) {
        this.eventGrid = eventGridEndpoint == null ? null : withApiVersion(eventGridEndpoint);
        this.credential = credential;
        this.devToken = devToken;
        this.urls = urls;
        this.resolver = resolver;
    }

    /** The system's DNS. */
    public static List<InetAddress> resolve(String host) throws java.net.UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }

    static URI withApiVersion(String endpoint) {
        return URI.create(endpoint.contains("?") ? endpoint : endpoint + "?api-version=2018-01-01");
    }

    @Override
    public boolean eventGridConfigured() {
        return eventGrid != null;
    }

    @Override
    public Result toEventGrid(String cloudEventsBatch) {
        String bearer;
        try {
            bearer = bearer();
        } catch (RuntimeException e) {
            return Result.failed(0, "no Event Grid token: " + e.getClass().getSimpleName());
        }
        HttpRequest request = HttpRequest.newBuilder(eventGrid)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/cloudevents-batch+json; charset=utf-8")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(cloudEventsBatch, StandardCharsets.UTF_8))
                .build();
        return send(request);
    }

    @Override
    public Result toWebhook(URI url, Map<String, String> headers, String body) {
        if (urls.check(url.toString(), resolver) instanceof WebhookUrlPolicy.Checked.Refused r) {
            return Result.failed(0, "address refused: " + r.why());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("User-Agent", "FleetOps-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return send(b.build());
    }

    private Result send(HttpRequest request) {
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() >= 200 && r.statusCode() < 300) {
                return Result.ok(r.statusCode());
            }
            return new Result(r.statusCode(), null, retryAfter(r).orElse(null));
        } catch (java.net.http.HttpTimeoutException e) {
            return Result.failed(0, "timed out after " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (java.io.IOException e) {
            return Result.failed(0, "no answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed(0, "interrupted");
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long s = Long.parseLong(v.trim());
                return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: the policy's own backoff decides
            }
        });
    }

    private String bearer() {
        if (devToken != null) {
            return devToken;
        }
        AccessToken t = token;
        if (t == null || t.getExpiresAt().isBefore(OffsetDateTime.now().plusMinutes(5))) {
            t = credential.get().getTokenSync(new TokenRequestContext().addScopes(SCOPE));
            token = t;
        }
        return t.getToken();
    }
}
