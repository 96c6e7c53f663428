package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.HttpMethod;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.wiring.AppServices;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subscriptions routes as the worker calls them, against Azurite: validation, secrets shown once, roles. */
class SubscriptionFunctionsIT {
    private static SubscriptionFunctions functions(String role) throws Exception {
        Map<String, String> settings = Map.of(
                "IOTHUB_HOSTNAME",
                "hub.azure-devices.net",
                "AzureWebJobsStorage",
                Azurite.connectionString(),
                "FLEETOPS_AUTOMATION_ROLE",
                role);
        return new FleetOpsInjector(new AppServices(settings, Clock.systemUTC()))
                .getInstance(SubscriptionFunctions.class);
    }

    private static TestHttpResponse create(SubscriptionFunctions f, String body) {
        return TestHttpResponse.of(
                f.create(TestHttpRequest.post("/api/subscriptions", body), new TestContext("CreateSubscription")));
    }

    private static TestHttpResponse delete(SubscriptionFunctions f, String id) {
        return TestHttpResponse.of(f.delete(
                TestHttpRequest.request(HttpMethod.DELETE, "/api/subscriptions/" + id, Map.of(), null),
                id,
                new TestContext("DeleteSubscription")));
    }

    @Test
    void badInputIsA400NamingEachField() throws Exception {
        SubscriptionFunctions admin = functions("FleetOps.Admin");
        TestHttpResponse bad =
                create(admin, "{\"url\":\"http://10.0.0.5/hook\",\"eventTypes\":[\"device.exploded\"],\"extra\":1}");
        assertEquals(400, bad.code(), String.valueOf(bad.getBody()));
        assertEquals("application/problem+json", bad.getHeader("Content-Type").split(";")[0]);
        String errors = bad.json().getAsJsonArray("errors").toString();
        assertTrue(errors.contains("\"url\"") && errors.contains("https"), errors);
        assertTrue(errors.contains("\"eventTypes[0]\""), errors);
        assertTrue(errors.contains("\"extra\""), errors);
        TestHttpResponse metadata = create(admin, "{\"url\":\"https://169.254.169.254/\"}");
        assertEquals(400, metadata.code());
        assertTrue(metadata.getBody().toString().contains("link-local"), String.valueOf(metadata.getBody()));
        assertEquals(400, delete(admin, "../x").code());
    }

    @Test
    void aSubscriptionShowsItsSecretOnceAndCanBeDeleted() throws Exception {
        SubscriptionFunctions admin = functions("FleetOps.Admin");
        // A public address literal needs no DNS; nothing is sent when a subscription is created.
        TestHttpResponse created =
                create(admin, "{\"url\":\"https://203.0.113.7/hooks\",\"eventTypes\":[\"device.failed\"]}");
        assertEquals(201, created.code(), String.valueOf(created.getBody()));
        String id = created.json().get("id").getAsString();
        assertTrue(created.json().get("secret").getAsString().startsWith("whsec_"));
        assertEquals("/api/subscriptions/" + id, created.getHeader("Location"));
        assertEquals("no-store", created.getHeader("Cache-Control"));
        TestHttpResponse listed = TestHttpResponse.of(
                admin.list(TestHttpRequest.get("/api/subscriptions"), new TestContext("ListSubscriptions")));
        assertEquals(200, listed.code());
        assertTrue(listed.getBody().toString().contains(id));
        assertFalse(listed.getBody().toString().contains("secret"), "secrets are never listed");
        assertEquals(204, delete(admin, id).code());
        TestHttpResponse again = delete(admin, id);
        assertEquals(404, again.code());
        assertEquals("subscription-not-found", again.json().get("code").getAsString());
    }

    @Test
    void onlyAnAdminMaySubscribe() throws Exception {
        TestHttpResponse operator = create(functions("FleetOps.Operator"), "{\"url\":\"https://203.0.113.7/\"}");
        assertEquals(403, operator.code());
        assertTrue(operator.getBody().toString().contains("FleetOps.Admin"), String.valueOf(operator.getBody()));
    }
}
