package dev.fleetops.localhub.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.localhub.tls.TlsMaterial;
import dev.fleetops.testkit.ChildJvm;
import dev.fleetops.testkit.ProcessLines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The kill -9 tests' hub: a {@link CrashHubMain} child JVM on {@code stateDir}, and its HTTPS service API. */
final class CrashHub {
    private CrashHub() {}

    /** Starts the child hub with {@code devices} registered devices; its stderr is discarded. */
    static Process start(Path stateDir, int devices) throws Exception {
        return ChildJvm.of(CrashHubMain.class, stateDir.toString(), Integer.toString(devices))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The HTTPS port the child prints once it listens. */
    static int httpsPort(Process child) throws Exception {
        return Integer.parseInt(ProcessLines.of(child).awaitValue("HTTPS ", Duration.ofSeconds(60)));
    }

    /** The HTTPS service API of the hub whose state is in {@code stateDir}, with an {@code iothubowner} token. */
    static final class OwnerApi {
        private final int port;
        private final HttpClient http;
        private final String token;

        OwnerApi(Path stateDir, int port) {
            this.port = port;
            this.http = HttpClient.newBuilder()
                    .sslContext(TlsMaterial.loadOrCreate(stateDir, List.of()).clientContext())
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            List<AccessPolicy> policies = PolicyFile.loadOrCreate(stateDir);
            this.token = TestHub.serviceToken(policies, "iothubowner", Duration.ofHours(1));
        }

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            String sep = path.contains("?") ? "&" : "?";
            HttpRequest req = HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + port + path + sep + "api-version=2021-04-12"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", token)
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        }

        JsonElement json(String method, String path, String body) throws Exception {
            HttpResponse<String> r = send(method, path, body);
            assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
            return JsonParser.parseString(r.body());
        }
    }
}
