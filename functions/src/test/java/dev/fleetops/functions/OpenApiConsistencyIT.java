package dev.fleetops.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.contract.FactoryResetRequest;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.RebootRequest;
import dev.fleetops.core.rollout.service.RolloutRequest;
import dev.fleetops.functions.http.OpenApiFunction;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code openapi.json} honest: every route and method in the generated function.json files is
 * described and nothing else is, the security matches each function's auth level, and the request
 * schemas list exactly the fields the parsers accept.
 *
 * <p>The accepted field names come from the parsers themselves: the {@code FIELDS}/{@code TOP} sets
 * (the single source of truth the parsers check unknown fields against) for the top level, and the
 * public {@code parse} behaviour (does a field draw an "unknown field" error?) for every documented
 * field, nested ones included.
 */
class OpenApiConsistencyIT {
    private static final Path STAGING =
            Path.of(System.getProperty("fleetops.functions.staging", "target/azure-functions/fleetops"));
    private static JsonObject doc;

    @BeforeAll
    static void load() {
        doc = JsonParser.parseString(OpenApiFunction.document()).getAsJsonObject();
    }

    // ---- routes ---------------------------------------------------------------------------------

    @Test
    void everyGeneratedRouteAndMethodIsDescribedAndNothingElse() throws IOException {
        Map<String, String> generated = generatedRoutes();
        assertTrue(
                generated.size() >= 16, "function.json files found: " + generated.keySet() + "; run mvn package first");
        Map<String, String> described = new TreeMap<>();
        for (Map.Entry<String, JsonElement> p : doc.getAsJsonObject("paths").entrySet()) {
            for (Map.Entry<String, JsonElement> m :
                    p.getValue().getAsJsonObject().entrySet()) {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace")
                        .contains(m.getKey())) {
                    described.put(
                            m.getKey().toUpperCase() + " " + normalize(p.getKey()), m.getKey() + " " + p.getKey());
                }
            }
        }
        Set<String> missing = new TreeSet<>(generated.keySet());
        missing.removeAll(described.keySet());
        Set<String> extra = new TreeSet<>(described.keySet());
        extra.removeAll(generated.keySet());
        assertTrue(
                missing.isEmpty() && extra.isEmpty(),
                "routes served but not in openapi.json: " + missing
                        + "; routes in openapi.json that no function serves: " + extra);
    }

    @Test
    void securityMatchesEachFunctionsAuthLevel() throws IOException {
        Map<String, String> generated = generatedRoutes();
        JsonArray global = doc.getAsJsonArray("security");
        assertTrue(global != null && !global.isEmpty(), "the function key is the default requirement");
        Set<String> schemes = doc.getAsJsonObject("components")
                .getAsJsonObject("securitySchemes")
                .keySet();
        Set<String> keyPlaces = new TreeSet<>();
        for (String s : schemes) {
            JsonObject scheme = doc.getAsJsonObject("components")
                    .getAsJsonObject("securitySchemes")
                    .getAsJsonObject(s);
            keyPlaces.add(
                    scheme.get("type").getAsString().equals("apiKey")
                            ? scheme.get("in").getAsString() + ":"
                                    + scheme.get("name").getAsString()
                            : scheme.get("type").getAsString() + ":"
                                    + scheme.get("scheme").getAsString());
        }
        // The function key (always), and the Entra bearer token App Service Authentication checks
        // (FLEETOPS_AUTH=entra).
        assertEquals(Set.of("header:x-functions-key", "query:code", "http:bearer"), keyPlaces);
        for (Map.Entry<String, JsonElement> p : doc.getAsJsonObject("paths").entrySet()) {
            for (Map.Entry<String, JsonElement> m :
                    p.getValue().getAsJsonObject().entrySet()) {
                String key = m.getKey().toUpperCase() + " " + normalize(p.getKey());
                JsonObject operation = m.getValue().getAsJsonObject();
                boolean anonymousInDoc = operation.has("security")
                        && operation.getAsJsonArray("security").isEmpty();
                boolean anonymousServed = "anonymous".equalsIgnoreCase(generated.get(key));
                assertEquals(
                        anonymousServed, anonymousInDoc, key + ": security must match authLevel " + generated.get(key));
                assertEquals(
                        anonymousServed,
                        !operation.getAsJsonObject("responses").has("401"),
                        key + ": 401 documented iff a key is needed");
                assertEquals(
                        anonymousServed,
                        !operation.getAsJsonObject("responses").has("403"),
                        key + ": 403 documented iff a role is needed");
            }
        }
    }

    @Test
    void theFunctionServesTheDocumentAsJson() {
        TestHttpResponse r = TestHttpResponse.of(
                new OpenApiFunction().openApi(TestHttpRequest.get("/api/openapi.json"), new TestContext("OpenApi")));
        assertEquals(200, r.code());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        assertEquals("3.1.0", r.json().get("openapi").getAsString());
    }

    @Test
    void everyReferenceResolves() {
        List<String> broken = new ArrayList<>();
        walk(doc, e -> {
            if (e.isJsonObject() && e.getAsJsonObject().has("$ref")) {
                String ref = e.getAsJsonObject().get("$ref").getAsString();
                try {
                    resolve(ref);
                } catch (RuntimeException x) {
                    broken.add(ref);
                }
            }
        });
        assertTrue(broken.isEmpty(), "unresolvable $ref: " + broken);
    }

    // ---- request fields -------------------------------------------------------------------------

    @Test
    void deviceActionBodiesListExactlyTheFieldsTheParsersAccept() throws Exception {
        assertBody("post", "/api/devices/{deviceId}/reboot", "RebootRequest", false);
        assertBody("post", "/api/devices/{deviceId}/factory-reset", "FactoryResetRequest", false);
        assertBody("post", "/api/devices/{deviceId}/firmware-update", "FirmwareUpdateRequest", true);
        assertEquals(
                accepted(RebootRequest.class, "FIELDS"),
                properties("RebootRequest"),
                "fields RebootRequest accepts vs. schema RebootRequest");
        assertEquals(
                accepted(FactoryResetRequest.class, "FIELDS"),
                properties("FactoryResetRequest"),
                "fields FactoryResetRequest accepts vs. schema FactoryResetRequest");
        assertEquals(
                accepted(FirmwareUpdateRequest.class, "FIELDS"),
                properties("FirmwareUpdateRequest"),
                "fields FirmwareUpdateRequest accepts vs. schema FirmwareUpdateRequest");
        assertEquals(Set.of("version", "packageUri", "sha256"), required("FirmwareUpdateRequest"));
        for (String f : properties("RebootRequest")) {
            assertNoUnknown("RebootRequest." + f, RebootRequest.parse(object(f), true));
        }
        for (String f : properties("FactoryResetRequest")) {
            assertNoUnknown("FactoryResetRequest." + f, FactoryResetRequest.parse(object(f), true));
        }
        for (String f : properties("FirmwareUpdateRequest")) {
            assertNoUnknown("FirmwareUpdateRequest." + f, FirmwareUpdateRequest.parse(object(f), true));
        }
        assertUnknown(RebootRequest.parse(object("notAField"), true));
    }

    @Test
    void catalogBodiesListExactlyTheFieldsTheCatalogAccepts() throws Exception {
        assertBody("post", "/api/firmware", "FirmwareRegistration", true);
        assertEquals(
                accepted(dev.fleetops.core.firmware.FirmwareRegistration.class, "FIELDS"),
                properties("FirmwareRegistration"));
        assertEquals(Set.of("name", "version"), required("FirmwareRegistration"));
        // What CatalogReference lets stand next to the version: an operation id, for a single device only, and an
        // install window (when, not what).
        assertEquals(
                Set.of(dev.fleetops.core.firmware.CatalogReference.FIELD, "operationId", "installWindow"),
                properties("CatalogFirmwareUpdateRequest"));
        assertEquals(
                Set.of(dev.fleetops.core.firmware.CatalogReference.FIELD, "installWindow"),
                properties("OperationCatalogFirmware"));
        JsonObject firmware =
                schema("FleetOperationRequest").getAsJsonObject("properties").getAsJsonObject("firmware");
        assertEquals(
                "#/components/schemas/OperationCatalogFirmware",
                firmware.getAsJsonArray("oneOf")
                        .get(1)
                        .getAsJsonObject()
                        .get("$ref")
                        .getAsString());
    }

    @Test
    void fleetOperationBodyListsExactlyTheTopLevelFieldsTheParserAccepts() throws Exception {
        assertBody("post", "/api/operations", "FleetOperationRequest", true);
        assertEquals(
                accepted(RolloutRequest.class, "TOP"),
                properties("FleetOperationRequest"),
                "top-level fields RolloutRequest accepts vs. schema FleetOperationRequest");
        for (String f : properties("FleetOperationRequest")) {
            assertNoUnknown("FleetOperationRequest." + f, RolloutRequest.parse(object(f), Instant.now()));
        }
        assertUnknown(RolloutRequest.parse(object("notAField"), Instant.now()));
    }

    @Test
    void everyDocumentedNestedFleetOperationFieldIsAccepted() {
        JsonObject top = schema("FleetOperationRequest").getAsJsonObject("properties");
        Map<String, JsonObject> sections = new LinkedHashMap<>();
        Map<String, Function<JsonObject, JsonObject>> wrap = new LinkedHashMap<>();
        sections.put("firmware", resolveObject(top.get("firmware")));
        wrap.put("firmware", o -> body("action", "firmwareUpdate", "firmware", o));
        sections.put("reboot", resolveObject(top.get("reboot")));
        wrap.put("reboot", o -> body("action", "reboot", "reboot", o));
        sections.put("target", resolveObject(top.get("target")));
        wrap.put("target", o -> body("target", o));
        sections.put(
                "target.filter",
                resolveObject(
                        sections.get("target").getAsJsonObject("properties").get("filter")));
        wrap.put("target.filter", o -> body("target", body("filter", o)));
        sections.put("rollout", resolveObject(top.get("rollout")));
        wrap.put("rollout", o -> body("rollout", o));
        sections.put(
                "rollout.ramp",
                resolveObject(
                        sections.get("rollout").getAsJsonObject("properties").get("ramp")));
        wrap.put("rollout.ramp", o -> body("rollout", body("ramp", o)));
        sections.put("abort[]", resolveObject(resolveObject(top.get("abort")).get("items")));
        wrap.put("abort[]", o -> {
            JsonObject b = new JsonObject();
            JsonArray a = new JsonArray();
            a.add(o);
            b.add("abort", a);
            return b;
        });
        sections.put("retry", resolveObject(top.get("retry")));
        wrap.put("retry", o -> body("retry", o));
        sections.put("maintenanceWindow", resolveObject(top.get("maintenanceWindow")));
        wrap.put("maintenanceWindow", o -> body("maintenanceWindow", o));
        for (Map.Entry<String, JsonObject> s : sections.entrySet()) {
            JsonObject props = s.getValue().getAsJsonObject("properties");
            assertTrue(props != null && !props.isEmpty(), s.getKey() + " documents its properties");
            assertEquals(
                    false,
                    s.getValue().get("additionalProperties").getAsBoolean(),
                    s.getKey() + " rejects unknown fields");
            for (String f : props.keySet()) {
                assertNoUnknown(
                        s.getKey() + "." + f,
                        RolloutRequest.parse(wrap.get(s.getKey()).apply(object(f)), Instant.now()));
            }
            assertUnknown(RolloutRequest.parse(wrap.get(s.getKey()).apply(object("notAField")), Instant.now()));
        }
    }

    @Test
    void theProblemSchemaHasTheStandardAndExtensionMembers() {
        Set<String> members = properties("Problem");
        assertTrue(
                members.containsAll(Set.of(
                        "type",
                        "title",
                        "status",
                        "detail",
                        "instance",
                        "code",
                        "errors",
                        "hubErrorCode",
                        "retryable",
                        "retryAfterSeconds",
                        "deviceStatus",
                        "runningOperationId",
                        "maxBytes",
                        "contentType",
                        "operationId",
                        "invocationId",
                        "retryDeviceIds",
                        "retryDeviceIdsTruncated")),
                members.toString());
    }

    @Test
    void thePerDeviceSchemaListsExactlyTheFieldsTheApiWrites() throws Exception {
        Set<String> written = new TreeSet<>();
        for (var c :
                Class.forName("dev.fleetops.functions.http.DeviceExecutionView").getRecordComponents()) {
            written.add(c.getName());
        }
        assertEquals(written, new TreeSet<>(properties("DeviceExecution")));
        Set<String> queueReasons = new TreeSet<>();
        for (var r : dev.fleetops.core.rollout.QueueReason.values()) {
            queueReasons.add(r.wireName());
        }
        Set<String> cancelReasons = new TreeSet<>();
        for (var r : dev.fleetops.core.rollout.CancelReason.values()) {
            cancelReasons.add(r.wireName());
        }
        assertEquals(queueReasons, enumOf("DeviceExecution", "queueReason"));
        assertEquals(cancelReasons, enumOf("DeviceExecution", "cancelReason"));
    }

    @Test
    void theOperationViewAndTheActionNamesMatchWhatTheApiWrites() {
        Set<String> written = new TreeSet<>();
        for (var c : dev.fleetops.core.status.OperationView.class.getRecordComponents()) {
            written.add(c.getName());
        }
        assertEquals(written, new TreeSet<>(properties("OperationView")));
        Set<String> actions = new TreeSet<>();
        dev.fleetops.contract.Action.all().forEach(a -> actions.add(a.methodName()));
        assertEquals(actions, enumOf("ActionAccepted", "action"));
        assertEquals(actions, enumOf("FleetOperationRequest", "action"));
        Set<String> statusUrlActions = new TreeSet<>();
        doc.getAsJsonObject("components")
                .getAsJsonObject("parameters")
                .getAsJsonObject("StatusAction")
                .getAsJsonObject("schema")
                .getAsJsonArray("enum")
                .forEach(e -> statusUrlActions.add(e.getAsString()));
        assertEquals(actions, statusUrlActions);
    }

    @Test
    void theAuditRouteDocumentsExactlyTheParametersTheParserReadsAndTheFieldsItWrites() throws Exception {
        JsonObject op =
                doc.getAsJsonObject("paths").getAsJsonObject("/api/audit").getAsJsonObject("get");
        Set<String> params = new TreeSet<>();
        for (JsonElement p : op.getAsJsonArray("parameters")) {
            JsonObject param = resolveObject(p);
            assertEquals("query", param.get("in").getAsString(), param.toString());
            params.add(param.get("name").getAsString());
        }
        assertEquals(new TreeSet<>(dev.fleetops.core.audit.AuditQuery.PARAMETERS), params);
        assertEquals(
                components(Class.forName("dev.fleetops.functions.http.AuditRecordView")), properties("AuditRecord"));
        assertEquals(components(dev.fleetops.core.audit.AuditActor.class), properties("AuditActor"));
        assertEquals(components(dev.fleetops.core.audit.RequestIds.class), properties("AuditRequestIds"));
        Set<String> outcomes = new TreeSet<>();
        for (var o : dev.fleetops.core.audit.AuditOutcome.values()) {
            outcomes.add(o.wireName());
        }
        assertEquals(outcomes, enumOf("AuditRecord", "outcome"));
    }

    @Test
    void theTimelineRouteDocumentsExactlyTheParametersItReadsAndTheFieldsItWrites() {
        assertEquals(
                new TreeSet<>(dev.fleetops.core.timeline.DeviceTimelineService.PARAMETERS),
                queryParameters("/api/devices/{deviceId}/timeline"));
        assertEquals(
                components(dev.fleetops.functions.http.DeviceTimelineFunction.EntryView.class),
                properties("TimelineEntry"));
        assertEquals(
                components(dev.fleetops.functions.http.DeviceTimelineFunction.ActorView.class),
                new TreeSet<>(schema("TimelineEntry")
                        .getAsJsonObject("properties")
                        .getAsJsonObject("actor")
                        .getAsJsonObject("properties")
                        .keySet()));
        Set<String> kinds = new TreeSet<>();
        for (var k : dev.fleetops.core.timeline.TimelineEntry.Kind.values()) {
            kinds.add(k.wire());
        }
        assertEquals(kinds, enumOf("TimelineEntry", "kind"));
    }

    @Test
    void theInventoryRoutesDocumentExactlyTheParametersTheParsersReadAndTheFieldsTheyWrite() {
        assertEquals(
                new TreeSet<>(dev.fleetops.core.inventory.InventoryQuery.PARAMETERS), queryParameters("/api/devices"));
        assertEquals(
                new TreeSet<>(dev.fleetops.core.inventory.SummaryQuery.PARAMETERS),
                queryParameters("/api/devices/summary"));
        assertEquals(components(dev.fleetops.core.inventory.InventoryPage.class), properties("InventoryPage"));
        assertEquals(components(dev.fleetops.core.inventory.InventoryDevice.class), properties("InventoryDevice"));
        assertEquals(components(dev.fleetops.core.inventory.LastAction.class), properties("InventoryLastAction"));
        assertEquals(components(dev.fleetops.core.inventory.InventorySummary.class), properties("InventorySummary"));
        assertEquals(
                components(dev.fleetops.core.inventory.InventorySummary.StatusCount.class),
                properties("InventoryStatusCount"));
        Set<String> outcomes = new TreeSet<>();
        for (var o : dev.fleetops.core.inventory.Outcome.values()) {
            outcomes.add(o.wireName());
        }
        Set<String> documented = new TreeSet<>();
        doc.getAsJsonObject("components")
                .getAsJsonObject("schemas")
                .getAsJsonObject("InventoryOutcome")
                .getAsJsonArray("enum")
                .forEach(e -> documented.add(e.getAsString()));
        assertEquals(outcomes, documented);
    }

    private static Set<String> queryParameters(String path) {
        JsonObject op = doc.getAsJsonObject("paths").getAsJsonObject(path).getAsJsonObject("get");
        Set<String> params = new TreeSet<>();
        for (JsonElement p : op.getAsJsonArray("parameters")) {
            JsonObject param = resolveObject(p);
            if (param.get("in").getAsString().equals("path")) {
                assertTrue(path.contains("{" + param.get("name").getAsString() + "}"), param.toString());
                continue;
            }
            assertEquals("query", param.get("in").getAsString(), param.toString());
            params.add(param.get("name").getAsString());
        }
        return params;
    }

    @Test
    void theApprovalRoutesStatesAndProblemsMatchTheCode() throws Exception {
        assertBody("post", "/api/operations/{id}/reject", "RejectRequest", false);
        assertEquals(
                accepted(dev.fleetops.core.rollout.service.RejectRequest.class, "FIELDS"), properties("RejectRequest"));
        Set<String> states = new TreeSet<>();
        for (var s : dev.fleetops.core.rollout.RolloutState.values()) {
            states.add(s.wireName());
        }
        assertEquals(states, enumOf("OperationSummary", "state"));
        assertEquals(states, enumOf("OperationCreated", "state"));
        assertEquals(
                components(dev.fleetops.core.rollout.service.RolloutSummary.ApprovalView.class),
                properties("Approval"));
        Set<String> statuses = new TreeSet<>();
        for (var s : dev.fleetops.core.rollout.Approval.Status.values()) {
            statuses.add(s.wireName());
        }
        assertEquals(statuses, enumOf("Approval", "status"));
        Set<String> codes = enumOf("Problem", "code");
        for (var p : List.of(
                dev.fleetops.functions.http.Problems.selfApproval("x"),
                dev.fleetops.functions.http.Problems.auditUnavailable())) {
            assertTrue(codes.contains(p.code()), p.code() + " is not in Problem.code");
        }
        assertEquals(
                "#/components/responses/ApprovalForbidden",
                doc.getAsJsonObject("paths")
                        .getAsJsonObject("/api/operations/{id}/approve")
                        .getAsJsonObject("post")
                        .getAsJsonObject("responses")
                        .getAsJsonObject("403")
                        .get("$ref")
                        .getAsString());
    }

    private static Set<String> components(Class<?> record) {
        Set<String> out = new TreeSet<>();
        for (var c : record.getRecordComponents()) {
            out.add(c.getName());
        }
        return out;
    }

    private static Set<String> enumOf(String schemaName, String property) {
        Set<String> out = new TreeSet<>();
        for (JsonElement e : schema(schemaName)
                .getAsJsonObject("properties")
                .getAsJsonObject(property)
                .getAsJsonArray("enum")) {
            if (!e.isJsonNull()) {
                out.add(e.getAsString());
            }
        }
        return out;
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** "METHOD /api/path/{}" → authLevel, from the generated function.json files. */
    private static Map<String, String> generatedRoutes() throws IOException {
        Map<String, String> routes = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(STAGING)) {
            for (Path d :
                    dirs.filter(x -> Files.exists(x.resolve("function.json"))).toList()) {
                JsonObject json = JsonParser.parseString(Files.readString(d.resolve("function.json")))
                        .getAsJsonObject();
                for (JsonElement b : json.getAsJsonArray("bindings")) {
                    JsonObject binding = b.getAsJsonObject();
                    if (!"httpTrigger".equals(binding.get("type").getAsString())) {
                        continue;
                    }
                    String route = binding.has("route")
                            ? binding.get("route").getAsString()
                            : d.getFileName().toString();
                    String auth =
                            binding.has("authLevel") ? binding.get("authLevel").getAsString() : "FUNCTION";
                    for (JsonElement m : binding.getAsJsonArray("methods")) {
                        routes.put(m.getAsString().toUpperCase() + " " + normalize(route), auth);
                    }
                }
            }
        }
        return routes;
    }

    /** Leading slash and the {@code api/} prefix made uniform, parameter names and constraints dropped. */
    static String normalize(String route) {
        String r = route.startsWith("/") ? route.substring(1) : route;
        if (!r.startsWith("api/")) {
            r = "api/" + r;
        }
        return "/" + r.replaceAll("\\{[^}]*}", "{}").toLowerCase();
    }

    private void assertBody(String method, String path, String schemaName, boolean required) {
        JsonObject op = doc.getAsJsonObject("paths").getAsJsonObject(path).getAsJsonObject(method);
        JsonObject body = op.getAsJsonObject("requestBody");
        assertEquals(required, body.get("required").getAsBoolean(), path + " body required");
        JsonObject bodySchema = body.getAsJsonObject("content")
                .getAsJsonObject("application/json")
                .getAsJsonObject("schema");
        // A body with alternatives (a firmware update by package or by catalog version) lists the parser's own first.
        if (bodySchema.has("oneOf")) {
            bodySchema = bodySchema.getAsJsonArray("oneOf").get(0).getAsJsonObject();
        }
        assertEquals(
                "#/components/schemas/" + schemaName, bodySchema.get("$ref").getAsString(), path);
        assertEquals(
                false,
                schema(schemaName).get("additionalProperties").getAsBoolean(),
                schemaName + " rejects unknown fields");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> accepted(Class<?> parser, String constant) throws ReflectiveOperationException {
        Field f = parser.getDeclaredField(constant);
        f.setAccessible(true);
        return new TreeSet<>((Set<String>) f.get(null));
    }

    private static Set<String> properties(String schemaName) {
        return new TreeSet<>(schema(schemaName).getAsJsonObject("properties").keySet());
    }

    private static Set<String> required(String schemaName) {
        Set<String> out = new TreeSet<>();
        schema(schemaName).getAsJsonArray("required").forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static JsonObject schema(String name) {
        JsonObject s =
                doc.getAsJsonObject("components").getAsJsonObject("schemas").getAsJsonObject(name);
        if (s == null) {
            fail("openapi.json has no schema " + name);
        }
        return s;
    }

    private static JsonElement resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException(ref);
        }
        JsonElement at = doc;
        for (String part : ref.substring(2).split("/")) {
            at = at.getAsJsonObject().get(part.replace("~1", "/").replace("~0", "~"));
            if (at == null) {
                throw new IllegalArgumentException(ref);
            }
        }
        return at;
    }

    private static JsonObject resolveObject(JsonElement e) {
        JsonObject o = e.getAsJsonObject();
        if (o.has("oneOf") && !o.has("properties")) {
            // The parser's own form comes first; the catalog form is resolved before parsing (catalogBodies...).
            return resolveObject(o.getAsJsonArray("oneOf").get(0));
        }
        return o.has("$ref") ? resolveObject(resolve(o.get("$ref").getAsString())) : o;
    }

    private static void walk(JsonElement e, java.util.function.Consumer<JsonElement> visit) {
        visit.accept(e);
        if (e.isJsonObject()) {
            e.getAsJsonObject().entrySet().forEach(x -> walk(x.getValue(), visit));
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> walk(x, visit));
        }
    }

    private static JsonObject object(String field) {
        JsonObject o = new JsonObject();
        o.add(field, com.google.gson.JsonNull.INSTANCE);
        return o;
    }

    private static JsonObject body(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] instanceof JsonElement e) {
                o.add((String) kv[i], e);
            } else {
                o.addProperty((String) kv[i], (String) kv[i + 1]);
            }
        }
        return o;
    }

    private static List<FieldError> errors(Parsed<?> p) {
        return p instanceof Parsed.Invalid<?> bad ? bad.errors() : List.of();
    }

    private static void assertNoUnknown(String what, Parsed<?> p) {
        List<FieldError> unknown = errors(p).stream()
                .filter(e -> e.message().equals("unknown field"))
                .toList();
        assertTrue(unknown.isEmpty(), what + " is documented but the parser does not accept it: " + unknown);
    }

    private static void assertUnknown(Parsed<?> p) {
        assertTrue(
                errors(p).stream()
                        .anyMatch(e ->
                                e.message().equals("unknown field") && e.field().endsWith("notAField")),
                "the probe must see unknown fields: " + errors(p));
    }
}
