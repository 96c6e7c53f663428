package dev.fleetops.localhub.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AzureSasCredential;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.localhub.tls.TlsMaterial;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The If-Match forms the official service SDKs send, over real HTTPS with a SAS token, on every route that takes one
 * (PUT and DELETE {@code /devices/{id}}, PATCH and PUT {@code /twins/{id}}), and the {@code ETag} headers the hub returns.
 * Which SDK sends which form, and how IoT Hub treats it, is in docs/local-hub.md ("ETags and If-Match").
 */
class EtagConformanceTest {
    @TempDir
    static Path stateDir;

    static Hub hub;
    static HttpsServer server;
    static String endpoint;
    static HttpClient http;
    static final AtomicInteger ids = new AtomicInteger();

    /** The forms that name the current version: each must let the write through. */
    enum Matching {
        /** Node.js {@code _ensureQuoted('*')}, Python {@code _ensure_quoted("*")}, C# v1 {@code "\"*\""}. */
        QUOTED_WILDCARD(etag -> "\"*\""),
        /** Java 2.x {@code updateDevice}/{@code removeDevice(String)}, the C SDK, C# v2 {@code ETag.All}. */
        BARE_WILDCARD(etag -> "*"),
        /** Node.js, Python and C# with the entity's etag. */
        QUOTED_ETAG(etag -> "\"" + etag + "\""),
        /** C# v2 passes a weak tag through unchanged ({@code Azure.Core.ETag.ToString("H")}). */
        WEAK_ETAG(etag -> "W/\"" + etag + "\"");

        final UnaryOperator<String> header;

        Matching(UnaryOperator<String> header) {
            this.header = header;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        TlsMaterial tls = TestHub.trustedByTheJvm(stateDir);
        hub = TestHub.inMemory(100);
        server = new HttpsServer(new RestApi(hub, Set.of("127.0.0.1")), tls.serverContext(), "127.0.0.1", 0);
        endpoint = "127.0.0.1:" + server.start();
        http = HttpClient.newBuilder()
                .sslContext(tls.clientContext())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
        hub.close();
    }

    private static String token() {
        return TestHub.serviceToken(hub.policies(), "iothubowner", Duration.ofMinutes(10));
    }

    private static HttpResponse<String> send(String method, String path, String ifMatch, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("https://" + endpoint + path + "?api-version=2021-04-12"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", token())
                .header("Content-Type", "application/json; charset=utf-8")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static String newDevice() {
        String id = "etag-" + ids.incrementAndGet();
        hub.addDevice(id, null, null, true);
        return id;
    }

    /** The device's registry etag as the GET body has it, checked against the ETag header IoT Hub sends with it. */
    private static String deviceEtag(String id) throws Exception {
        HttpResponse<String> r = send("GET", "/devices/" + id, null, null);
        assertEquals(200, r.statusCode(), r.body());
        return bodyEtagMatchingHeader(r);
    }

    private static String twinEtag(String id) throws Exception {
        HttpResponse<String> r = send("GET", "/twins/" + id, null, null);
        assertEquals(200, r.statusCode(), r.body());
        return bodyEtagMatchingHeader(r);
    }

    /** The body's bare {@code etag}, after checking the {@code ETag} header is the same value as a quoted entity-tag. */
    private static String bodyEtagMatchingHeader(HttpResponse<String> r) {
        String etag = json(r).get("etag").getAsString();
        assertTrue(!etag.isEmpty() && !etag.startsWith("\""), "the body etag is bare: " + etag);
        assertEquals("\"" + etag + "\"", r.headers().firstValue("ETag").orElse(null), "ETag header of " + r.uri());
        return etag;
    }

    /** 412 with IoT Hub's error body and code 412001 (PreconditionFailed); returns the message. */
    private static String assertPreconditionFailed(HttpResponse<String> r) {
        assertEquals(412, r.statusCode(), r.body());
        JsonObject error = json(r);
        assertEquals(412001, error.get("errorCode").getAsInt(), r.body());
        assertTrue(error.has("trackingId") && error.has("timestampUtc") && error.has("info"), r.body());
        return error.get("message").getAsString();
    }

    private static void assertDeviceNotFound(HttpResponse<String> r) {
        assertEquals(404, r.statusCode(), r.body());
        assertEquals(404001, json(r).get("errorCode").getAsInt(), r.body());
    }

    /** Moves the device's etag on, so the one read before is stale. */
    private static String staleDeviceEtag(String id) throws Exception {
        String old = deviceEtag(id);
        assertEquals(
                200,
                send("PUT", "/devices/" + id, "*", "{\"deviceId\":\"" + id + "\",\"status\":\"enabled\"}")
                        .statusCode());
        assertNotEquals(old, deviceEtag(id));
        return old;
    }

    private static String staleTwinEtag(String id) throws Exception {
        String old = twinEtag(id);
        assertEquals(
                200,
                send("PATCH", "/twins/" + id, null, "{\"tags\":{\"moved\":\"" + old + "\"}}")
                        .statusCode());
        assertNotEquals(old, twinEtag(id));
        return old;
    }

    // ---- DELETE /devices/{id} -------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Matching.class)
    void deleteDeviceWithAMatchingIfMatchRemovesIt(Matching form) throws Exception {
        String id = newDevice();
        HttpResponse<String> r = send("DELETE", "/devices/" + id, form.header.apply(deviceEtag(id)), null);
        assertEquals(204, r.statusCode(), r.body());
        assertDeviceNotFound(send("GET", "/devices/" + id, null, null));
    }

    @Test
    void deleteDeviceWithoutIfMatchIsUnconditional() throws Exception {
        String id = newDevice();
        staleDeviceEtag(id);
        assertEquals(204, send("DELETE", "/devices/" + id, null, null).statusCode());
        assertDeviceNotFound(send("GET", "/devices/" + id, null, null));
    }

    @Test
    void deleteDeviceWithAStaleQuotedEtagIs412AndKeepsTheDevice() throws Exception {
        String id = newDevice();
        String stale = staleDeviceEtag(id);
        assertPreconditionFailed(send("DELETE", "/devices/" + id, "\"" + stale + "\"", null));
        assertPreconditionFailed(send("DELETE", "/devices/" + id, "W/\"" + stale + "\"", null));
        assertEquals(200, send("GET", "/devices/" + id, null, null).statusCode());
    }

    @Test
    void deleteDeviceWithAnUnquotedEtagIsAnInvalidEtagEvenWhenCurrent() throws Exception {
        String id = newDevice();
        String message = assertPreconditionFailed(send("DELETE", "/devices/" + id, deviceEtag(id), null));
        assertTrue(message.contains("Invalid ETag"), message);
        assertEquals(200, send("GET", "/devices/" + id, null, null).statusCode());
    }

    @Test
    void deleteOfAMissingDeviceIs404001WhateverTheIfMatch() throws Exception {
        for (String ifMatch : new String[] {null, "*", "\"*\"", "\"abc\""}) {
            assertDeviceNotFound(send("DELETE", "/devices/nobody-here", ifMatch, null));
        }
    }

    // ---- PUT /devices/{id} ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Matching.class)
    void updateDeviceWithAMatchingIfMatchAppliesItAndReturnsTheNewEtag(Matching form) throws Exception {
        String id = newDevice();
        String before = deviceEtag(id);
        HttpResponse<String> r = send(
                "PUT",
                "/devices/" + id,
                form.header.apply(before),
                "{\"deviceId\":\"" + id + "\",\"status\":\"disabled\",\"statusReason\":\"" + form + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("disabled", json(r).get("status").getAsString());
        assertNotEquals(before, bodyEtagMatchingHeader(r), "an update moves the etag on");
        assertEquals(
                form.toString(),
                json(send("GET", "/devices/" + id, null, null))
                        .get("statusReason")
                        .getAsString());
    }

    @Test
    void updateDeviceWithAStaleQuotedEtagIs412AndChangesNothing() throws Exception {
        String id = newDevice();
        String stale = staleDeviceEtag(id);
        String current = deviceEtag(id);
        assertPreconditionFailed(send(
                "PUT", "/devices/" + id, "\"" + stale + "\"", "{\"deviceId\":\"" + id + "\",\"status\":\"disabled\"}"));
        HttpResponse<String> after = send("GET", "/devices/" + id, null, null);
        assertEquals("enabled", json(after).get("status").getAsString());
        assertEquals(current, bodyEtagMatchingHeader(after));
    }

    @Test
    void updateDeviceWithAnUnquotedEtagIsAnInvalidEtag() throws Exception {
        String id = newDevice();
        String message = assertPreconditionFailed(
                send("PUT", "/devices/" + id, deviceEtag(id), "{\"deviceId\":\"" + id + "\",\"status\":\"disabled\"}"));
        assertTrue(message.contains("Invalid ETag"), message);
        assertEquals(
                "enabled",
                json(send("GET", "/devices/" + id, null, null)).get("status").getAsString());
    }

    @Test
    void putDeviceWithoutIfMatchCreatesAndAnExistingIdIs409001() throws Exception {
        String id = "etag-created-" + ids.incrementAndGet();
        HttpResponse<String> created = send("PUT", "/devices/" + id, null, "{\"deviceId\":\"" + id + "\"}");
        assertEquals(200, created.statusCode(), created.body());
        bodyEtagMatchingHeader(created);
        HttpResponse<String> again = send("PUT", "/devices/" + id, null, "{\"deviceId\":\"" + id + "\"}");
        assertEquals(409, again.statusCode(), again.body());
        assertEquals(409001, json(again).get("errorCode").getAsInt());
    }

    @Test
    void updateOfAMissingDeviceIs404001() throws Exception {
        for (String ifMatch : new String[] {"*", "\"*\"", "\"abc\""}) {
            assertDeviceNotFound(send("PUT", "/devices/nobody-here", ifMatch, "{\"deviceId\":\"nobody-here\"}"));
        }
    }

    // ---- PATCH and PUT /twins/{id} --------------------------------------------------------------

    /** PATCH and PUT (replace), each with every matching form; the POST tunnel has its own test. */
    static Stream<Arguments> twinWritesAndMatchingForms() {
        List<Arguments> all = new ArrayList<>();
        for (String method : new String[] {"PATCH", "PUT"}) {
            for (Matching form : Matching.values()) {
                all.add(Arguments.of(method, form));
            }
        }
        return all.stream();
    }

    private static HttpResponse<String> writeTwin(String method, String id, String ifMatch, String tag)
            throws Exception {
        return send(
                method,
                "/twins/" + id,
                ifMatch,
                "{\"tags\":{\"written\":\"" + tag + "\"},\"properties\":{\"desired\":{\"v\":1}}}");
    }

    private static String writtenTag(String id) throws Exception {
        JsonObject tags = json(send("GET", "/twins/" + id, null, null)).getAsJsonObject("tags");
        return tags.has("written") ? tags.get("written").getAsString() : null;
    }

    @ParameterizedTest
    @MethodSource("twinWritesAndMatchingForms")
    void twinWriteWithAMatchingIfMatchAppliesItAndReturnsTheNewEtag(String method, Matching form) throws Exception {
        String id = newDevice();
        String before = twinEtag(id);
        HttpResponse<String> r = writeTwin(method, id, form.header.apply(before), form.toString());
        assertEquals(200, r.statusCode(), r.body());
        assertNotEquals(before, bodyEtagMatchingHeader(r));
        assertEquals(form.toString(), writtenTag(id));
    }

    /** iot-service-client sends PATCH as POST with X-HTTP-Method-Override (HttpRequest.java), checked the same way. */
    @Test
    void theMethodOverrideTunnelIsCheckedLikePatch() throws Exception {
        String id = newDevice();
        String stale = staleTwinEtag(id);
        HttpRequest tunnelled = HttpRequest.newBuilder(
                        URI.create("https://" + endpoint + "/twins/" + id + "?api-version=2021-04-12"))
                .header("Authorization", token())
                .header("X-HTTP-Method-Override", "PATCH")
                .header("If-Match", "\"" + stale + "\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tags\":{\"written\":\"tunnel\"}}"))
                .build();
        assertPreconditionFailed(http.send(tunnelled, HttpResponse.BodyHandlers.ofString()));
        HttpRequest quotedWildcard = HttpRequest.newBuilder(tunnelled, (k, v) -> !k.equalsIgnoreCase("If-Match"))
                .header("If-Match", "\"*\"")
                .build();
        assertEquals(
                200,
                http.send(quotedWildcard, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("tunnel", writtenTag(id));
    }

    @ParameterizedTest
    @EnumSource(HttpMethod.class)
    void twinWriteWithAStaleQuotedEtagIs412AndChangesNothing(HttpMethod method) throws Exception {
        String id = newDevice();
        String stale = staleTwinEtag(id);
        String current = twinEtag(id);
        assertPreconditionFailed(writeTwin(method.name(), id, "\"" + stale + "\"", "stale"));
        assertPreconditionFailed(writeTwin(method.name(), id, "W/\"" + stale + "\"", "stale"));
        assertNull(writtenTag(id));
        assertEquals(current, twinEtag(id));
    }

    @ParameterizedTest
    @EnumSource(HttpMethod.class)
    void twinWriteIgnoresAnUnquotedEtagAsIotHubDoes(HttpMethod method) throws Exception {
        String id = newDevice();
        String stale = staleTwinEtag(id);
        HttpResponse<String> r = writeTwin(method.name(), id, stale, "unquoted");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("unquoted", writtenTag(id));
    }

    @ParameterizedTest
    @EnumSource(HttpMethod.class)
    void twinWriteWithoutIfMatchIsUnconditional(HttpMethod method) throws Exception {
        String id = newDevice();
        staleTwinEtag(id);
        assertEquals(200, writeTwin(method.name(), id, null, "absent").statusCode());
        assertEquals("absent", writtenTag(id));
    }

    @Test
    void twinWriteToAMissingDeviceIs404001() throws Exception {
        for (String method : new String[] {"PATCH", "PUT"}) {
            for (String ifMatch : new String[] {null, "*", "\"*\"", "\"abc\""}) {
                assertDeviceNotFound(writeTwin(method, "nobody-here", ifMatch, "x"));
            }
        }
    }

    enum HttpMethod {
        PATCH,
        PUT
    }

    // ---- the unmodified Java service SDK (iot-service-client 2.1.9) -----------------------------

    private static AzureSasCredential credential() {
        return new AzureSasCredential(token());
    }

    @Test
    void sdkRemoveDeviceByIdSendsAWildcardAndByDeviceSendsTheBareEtag() throws Exception {
        RegistryClient registry = new RegistryClient(endpoint, credential());
        String id = newDevice();
        Device device = registry.getDevice(id);
        // RegistryClient.removeDevice(Device) puts Device.getETag(), the bare body etag, into If-Match; IoT Hub
        // refuses that with 412 "Invalid ETag" (Azure/azure-iot-sdk-java#292), and so does the local hub.
        IotHubPreconditionFailedException refused =
                assertThrows(IotHubPreconditionFailedException.class, () -> registry.removeDevice(device));
        assertEquals(412001, refused.getErrorCode());
        assertEquals(200, send("GET", "/devices/" + id, null, null).statusCode(), "still registered");
        registry.removeDevice(id); // If-Match: *
        assertDeviceNotFound(send("GET", "/devices/" + id, null, null));
    }

    @Test
    void sdkUpdateDeviceSendsAWildcardSoAStaleDeviceObjectStillUpdates() throws Exception {
        RegistryClient registry = new RegistryClient(endpoint, credential());
        String id = newDevice();
        Device device = registry.getDevice(id);
        staleDeviceEtag(id);
        device.setStatus(DeviceStatus.Disabled);
        assertEquals(DeviceStatus.Disabled, registry.updateDevice(device).getStatus());
    }

    @Test
    void sdkTwinWritesAreGuardedOnlyByAQuotedEtag() throws Exception {
        TwinClient twins = new TwinClient(endpoint, credential());
        String id = newDevice();
        String stale = twins.get(id).getETag();
        Twin first = new Twin(id);
        first.getTags().put("written", "first");
        String current = twins.patch(first, "\"" + stale + "\"").getETag();
        assertNotEquals(stale, current);

        Twin late = new Twin(id);
        late.getTags().put("written", "late");
        assertEquals(
                412001,
                assertThrows(IotHubPreconditionFailedException.class, () -> twins.patch(late, "\"" + stale + "\""))
                        .getErrorCode());
        assertEquals(
                412001,
                assertThrows(IotHubPreconditionFailedException.class, () -> twins.replace(late, "\"" + stale + "\""))
                        .getErrorCode());
        assertEquals("first", writtenTag(id));

        // TwinClient sends ifMatch as given: Twin.getETag() is the bare body etag, which IoT Hub ignores
        // (Azure/azure-iot-sdk-java#574), so the stale write goes through there and here.
        assertEquals("late", twins.patch(late, stale).getTags().get("written"));
        Twin wildcard = new Twin(id);
        wildcard.getTags().put("written", "wildcard");
        twins.patch(wildcard, "*");
        assertEquals("wildcard", writtenTag(id));
        twins.patch(first, "\"*\"");
        assertEquals(
                "first",
                twins.replace(first, "\"" + twins.get(id).getETag() + "\"")
                        .getTags()
                        .get("written"));
    }
}
