package dev.fleetops.functions.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.progress.ProgressSettings;
import dev.fleetops.functions.iothub.MethodTimeouts;
import dev.fleetops.functions.wiring.FunctionsSettings;
import dev.fleetops.functions.wiring.SettingNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offline checks of {@code infra/bicep}: no Bicep compiler is available on the build machines, so
 * this test reads the templates as text and checks what can be checked without one (file wiring,
 * bracket balance, parameters, secrets in outputs, role ids, app settings against
 * {@link SettingNames}, the Java version). {@code bicep build}/{@code bicep lint} and
 * {@code what-if} still have to run where the tools exist; see docs/deploy.md.
 *
 * <p>The repository root is found by walking up from the working directory; the system property
 * {@code fleetops.repoRoot} overrides it (used to run the checks against a mutated copy).
 */
class BicepTemplateTest {

    /** Built-in Azure role definition ids the templates may assign (name for messages). */
    private static final Map<String, String> KNOWN_ROLES = Map.ofEntries(
            Map.entry("4fc6c259-987e-4a07-842e-c321cc9d413f", "IoT Hub Data Contributor"),
            Map.entry("4ea46cd5-c1b2-4a8e-910b-273211f9ce47", "IoT Hub Registry Contributor"),
            Map.entry("494bdba2-168f-4f31-a0a1-191d2f7c028c", "IoT Hub Twin Contributor"),
            Map.entry("b447c946-2db7-41ec-983d-d8bf3b1c77e3", "IoT Hub Data Reader"),
            Map.entry("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner"),
            Map.entry("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor"),
            Map.entry("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor"),
            Map.entry("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher"),
            Map.entry("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User"),
            Map.entry("db58b8e5-c6ad-4a2a-8342-4190687cbf4a", "Storage Blob Delegator"),
            Map.entry("d5a91429-5739-47e2-a06b-3470a27159e7", "EventGrid Data Sender"));

    private static final String IOT_HUB_DATA_CONTRIBUTOR = "4fc6c259-987e-4a07-842e-c321cc9d413f";
    private static final String STORAGE_BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private static final String STORAGE_BLOB_DELEGATOR = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";

    /**
     * Settings the code reads that Azure must NOT get: the app uses its system-assigned identity
     * there. IOTHUB_CONNECTION_STRING is the key-based local alternative to IOTHUB_HOSTNAME;
     * AzureWebJobsStorage (a connection string) is the local/Azurite alternative to the
     * AzureWebJobsStorage__* identity settings and would not work with shared keys disabled;
     * AZURE_CLIENT_ID only selects a user-assigned identity; IOTHUB_SERVICE_ENDPOINT points the
     * app at the local hub (host:port) and has no meaning in Azure; FIRMWARE_STORAGE_CONNECTION_STRING points the
     * firmware catalog at a local HTTPS Azurite; FLEETOPS_EVENTGRID_DEV_TOKEN (a fixed token for the local Event Grid
     * stand-in) and FLEETOPS_WEBHOOK_ALLOW_LOCAL (http://localhost webhooks) are for the local stack only.
     */
    private static final Set<String> LOCAL_OR_IDENTITY_VARIANT_SETTINGS = Set.of(
            SettingNames.IOTHUB_CONNECTION_STRING,
            SettingNames.STORAGE_CONNECTION_STRING,
            SettingNames.AZURE_CLIENT_ID,
            SettingNames.IOTHUB_SERVICE_ENDPOINT,
            SettingNames.FIRMWARE_STORAGE_CONNECTION_STRING,
            SettingNames.EVENTGRID_DEV_TOKEN,
            dev.fleetops.core.event.EventSettings.WEBHOOK_ALLOW_LOCAL,
            SettingNames.LOGS_STORAGE_CONNECTION_STRING);

    /**
     * App settings the Flex Consumption plan deprecates or does not support: every setting in the table
     * "Flex Consumption plan deprecations" (https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations,
     * MicrosoftDocs/azure-docs articles/azure-functions/functions-app-settings.md, ms.date 07/11/2025) plus the
     * settings "Considerations" in flex-consumption-plan.md names as unsupported (WEBSITE_TIME_ZONE, TZ,
     * WEBSITE_LOAD_CERTIFICATES). Matched as whole words anywhere outside comments.
     */
    static final List<String> DEPRECATED_SETTINGS_ON_FLEX = List.of(
            "ENABLE_ORYX_BUILD",
            "FUNCTIONS_EXTENSION_VERSION",
            "FUNCTIONS_WORKER_RUNTIME",
            "FUNCTIONS_WORKER_RUNTIME_VERSION",
            "FUNCTIONS_MAX_HTTP_CONCURRENCY",
            "FUNCTIONS_WORKER_PROCESS_COUNT",
            "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED",
            "SCM_DO_BUILD_DURING_DEPLOYMENT",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
            "WEBSITE_CONTENTOVERVNET",
            "WEBSITE_CONTENTSHARE",
            "WEBSITE_DNS_SERVER",
            "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
            "WEBSITE_NODE_DEFAULT_VERSION",
            "WEBSITE_RUN_FROM_PACKAGE",
            "WEBSITE_SKIP_CONTENTSHARE_VALIDATION",
            "WEBSITE_VNET_ROUTE_ALL",
            "WEBSITE_TIME_ZONE",
            "TZ",
            "WEBSITE_LOAD_CERTIFICATES");

    /**
     * Site properties (properties.* and properties.siteConfig.*) of the same table, plus
     * endToEndEncryptionEnabled ("Certificates" in flex-consumption-plan.md#considerations). Flex refuses
     * some outright, e.g. siteConfig.ftpsState: "site configuration properties ... for Flex Consumption
     * sites is invalid". Matched case-insensitively as object keys (ARM property names are).
     */
    static final List<String> UNSUPPORTED_SITE_PROPERTIES_ON_FLEX = List.of(
            "alwaysOn",
            "containerSize",
            "ftpsState",
            "isReserved",
            "IsXenon",
            "javaVersion",
            "LinuxFxVersion",
            "netFrameworkVersion",
            "powerShellVersion",
            "functionAppScaleLimit",
            "preWarmedInstanceCount",
            "use32BitWorkerProcess",
            "vnetBackupRestoreEnabled",
            "vnetContentShareEnabled",
            "vnetImagePullEnabled",
            "vnetRouteAllEnabled",
            "windowsFxVersion",
            "endToEndEncryptionEnabled");

    private static final Pattern GUID =
            Pattern.compile("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
    private static final Pattern MODULE = Pattern.compile("(?m)^[ \\t]*module\\s+(\\w+)\\s+'([^']+)'");
    private static final Pattern PARAM_DECL = Pattern.compile("(?m)^[ \\t]*param\\s+(\\w+)\\b([^\\n]*)$");
    private static final Pattern BICEPPARAM_ASSIGN = Pattern.compile("(?m)^[ \\t]*param\\s+(\\w+)\\s*=");

    private static Path root;
    private static Path bicepDir;

    @BeforeAll
    static void locateRepository() {
        String override = System.getProperty("fleetops.repoRoot");
        if (override != null && !override.isBlank()) {
            root = Paths.get(override).toAbsolutePath().normalize();
        } else {
            Path dir = Paths.get("").toAbsolutePath();
            while (dir != null && !Files.isRegularFile(dir.resolve("infra/bicep/main.bicep"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                fail("no infra/bicep/main.bicep above " + Paths.get("").toAbsolutePath());
            }
            root = dir;
        }
        bicepDir = root.resolve("infra/bicep");
        assertTrue(Files.isRegularFile(bicepDir.resolve("main.bicep")), "missing main.bicep under " + root);
    }

    // ---------------------------------------------------------------- wiring

    @Test
    void everyModulePathInMainPointsToAnExistingFile() {
        Map<String, Path> modules = modulesOfMain();
        assertFalse(modules.isEmpty(), "main.bicep declares no modules");
        List<String> missing = modules.entrySet().stream()
                .filter(e -> !Files.isRegularFile(e.getValue()))
                .map(e -> e.getKey() + " -> " + root.relativize(e.getValue()))
                .toList();
        assertEquals(List.of(), missing, "module files that do not exist");
    }

    @Test
    void everyFileInModulesIsReferencedByMain() {
        Set<Path> referenced = new LinkedHashSet<>(modulesOfMain().values());
        List<String> unreferenced = bicepFiles(bicepDir.resolve("modules")).stream()
                .filter(p -> !referenced.contains(p.toAbsolutePath().normalize()))
                .map(p -> root.relativize(p).toString())
                .toList();
        assertEquals(List.of(), unreferenced, "module files main.bicep does not use");
    }

    @Test
    void bracketsBalanceOutsideStringsAndCommentsInEveryBicepFile() {
        List<Path> files = bicepFiles(bicepDir);
        assertTrue(files.size() > 1, "expected main.bicep and modules");
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                String unbalanced = firstUnbalancedBracket(Bicep.read(file).skeleton);
                if (unbalanced != null) {
                    problems.add(root.relativize(file) + ": " + unbalanced);
                }
            } catch (IllegalStateException e) {
                problems.add(root.relativize(file) + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), problems);
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void parametersFileAssignsOnlyDeclaredParametersAndEveryRequiredOne() {
        Bicep params = Bicep.read(bicepDir.resolve("main.bicepparam"));
        assertTrue(
                Pattern.compile("(?m)^[ \\t]*using\\s+'main\\.bicep'\\s*$")
                        .matcher(params.noComments)
                        .find(),
                "main.bicepparam must start with using 'main.bicep'");
        Set<String> assigned = new TreeSet<>();
        Matcher m = BICEPPARAM_ASSIGN.matcher(params.noComments);
        while (m.find()) {
            assigned.add(m.group(1));
        }
        Map<String, Boolean> declared = declaredParams(Bicep.read(bicepDir.resolve("main.bicep")));

        Set<String> undeclared = new TreeSet<>(assigned);
        undeclared.removeAll(declared.keySet());
        assertEquals(Set.of(), undeclared, "main.bicepparam assigns parameters main.bicep does not declare");

        Set<String> requiredButMissing = declared.entrySet().stream()
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .filter(name -> !assigned.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), requiredButMissing, "parameters without a default that main.bicepparam does not assign");
    }

    @Test
    void everyDeclaredParameterIsUsedInItsFile() {
        List<String> unused = new ArrayList<>();
        for (Path file : bicepFiles(bicepDir)) {
            Bicep bicep = Bicep.read(file);
            Matcher decl = PARAM_DECL.matcher(bicep.noComments);
            while (decl.find()) {
                String name = decl.group(1);
                Matcher use = Pattern.compile("(?<![.\\w])" + name + "(?!\\w)(?!\\s*:)")
                        .matcher(bicep.skeleton);
                boolean used = false;
                while (use.find()) {
                    if (use.start() < decl.start(1) || use.start() >= decl.end(1)) {
                        used = true;
                        break;
                    }
                }
                if (!used) {
                    unused.add(root.relativize(file) + ": " + name);
                }
            }
        }
        assertEquals(List.of(), unused, "declared but never used");
    }

    // ---------------------------------------------------------------- secrets and roles

    @Test
    void noOutputExposesKeysOrConnectionStrings() {
        Pattern secret = Pattern.compile(
                "(?i)listKeys\\(|\\blist\\w*\\(|connectionString|AccountKey=|SharedAccessKey|password|secret");
        List<String> leaks = new ArrayList<>();
        for (Path file : bicepFiles(bicepDir)) {
            Bicep bicep = Bicep.read(file);
            for (String output : outputStatements(bicep)) {
                if (secret.matcher(output).find()) {
                    leaks.add(root.relativize(file) + ": " + output.strip());
                }
            }
        }
        assertEquals(List.of(), leaks, "outputs land in deployment history and must not carry secrets");
    }

    @Test
    void rbacAssignsOnlyKnownBuiltInRolesIncludingHubDataContributorAndBlobOwner() {
        Bicep rbac = Bicep.read(bicepDir.resolve("modules/rbac.bicep"));
        Set<String> guids = new TreeSet<>();
        Matcher m = GUID.matcher(rbac.noComments);
        while (m.find()) {
            guids.add(m.group().toLowerCase(Locale.ROOT));
        }
        Set<String> unknown = new TreeSet<>(guids);
        unknown.removeAll(KNOWN_ROLES.keySet());
        assertEquals(Set.of(), unknown, "role ids not in the known built-in list");
        assertTrue(
                guids.contains(IOT_HUB_DATA_CONTRIBUTOR),
                "IoT Hub Data Contributor is needed to invoke direct methods");
        assertTrue(
                guids.contains(STORAGE_BLOB_DATA_OWNER),
                "Storage Blob Data Owner is needed for identity-based AzureWebJobsStorage");
        assertTrue(
                guids.contains(STORAGE_BLOB_DELEGATOR),
                "the firmware catalog signs user delegation SAS links: generateUserDelegationKey/action");
    }

    @Test
    void theEventGridTopicTakesCloudEventsOnlyFromEntraIdentitiesAndTheAppMaySendToIt() throws Exception {
        String topic = readString(bicepDir.resolve("modules/eventgrid.bicep"));
        assertTrue(topic.contains("'Microsoft.EventGrid/topics@"), topic);
        assertTrue(topic.contains("inputSchema: 'CloudEventSchemaV1_0'"), "CloudEvents 1.0 input");
        assertTrue(topic.contains("disableLocalAuth: true"), "no keys or SAS: identities only");
        String rbac = readString(bicepDir.resolve("modules/rbac.bicep"));
        assertTrue(rbac.contains("eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'"), rbac);
        assertTrue(rbac.contains("scope: eventGridTopic"), "scoped to the topic");
        String main = readString(bicepDir.resolve("main.bicep"));
        assertTrue(main.contains("eventGridEndpoint: eventGrid.outputs.endpoint"), "the app gets the endpoint");
        assertTrue(
                functionAppSettingNames().contains(SettingNames.EVENTGRID_ENDPOINT),
                "FLEETOPS_EVENTGRID_ENDPOINT is an app setting");
    }

    @Test
    void everyRoleAssignmentHasADeterministicNameAndAServicePrincipalType() {
        Bicep rbac = Bicep.read(bicepDir.resolve("modules/rbac.bicep"));
        List<String> bodies = resourceBodies(rbac, "Microsoft.Authorization/roleAssignments@");
        assertFalse(bodies.isEmpty(), "rbac.bicep declares no role assignments");
        for (String body : bodies) {
            assertTrue(Pattern.compile("\\bname:\\s*guid\\(").matcher(body).find(), "name must be guid(...): " + body);
            assertTrue(body.contains("principalType: 'ServicePrincipal'"), "principalType missing: " + body);
            assertTrue(
                    body.contains("subscriptionResourceId('Microsoft.Authorization/roleDefinitions'"),
                    "roleDefinitionId must be a subscriptionResourceId: " + body);
        }
    }

    @Test
    void theSigningKeyIsOnlyAKeyVaultReferenceAndTheAppMayReadThatOneSecret() throws Exception {
        String main = Bicep.read(bicepDir.resolve("main.bicep")).noComments;
        String module = moduleBody(main, "functionApp");
        assertTrue(
                module.contains("'@Microsoft.KeyVault(VaultName=${firmwareSigningKeyVaultName};SecretName="
                        + "${firmwareSigningKeySecretName})'"),
                "FIRMWARE_SIGNING_KEY is a Key Vault reference, never the key: " + module);
        assertTrue(
                main.contains(
                        "module signingKeyAccess 'modules/signingkey.bicep' = if (!empty(firmwareSigningKeyVaultName))"),
                "the role only when a vault is named");
        Bicep access = Bicep.read(bicepDir.resolve("modules/signingkey.bicep"));
        List<String> assignments = resourceBodies(access, "Microsoft.Authorization/roleAssignments@");
        assertEquals(1, assignments.size(), access.noComments);
        String assignment = assignments.get(0);
        assertTrue(assignment.contains("scope: secret"), "scoped to the one secret: " + assignment);
        assertTrue(Pattern.compile("\\bname:\\s*guid\\(").matcher(assignment).find(), assignment);
        assertTrue(assignment.contains("principalType: 'ServicePrincipal'"), assignment);
        Matcher m = GUID.matcher(access.noComments);
        Set<String> roles = new TreeSet<>();
        while (m.find()) {
            roles.add(m.group().toLowerCase(Locale.ROOT));
        }
        assertEquals(Set.of("4633458b-17de-408a-b874-0445c86b69e6"), roles, "Key Vault Secrets User only");
    }

    // ---------------------------------------------------------------- app settings

    @Test
    void functionAppSettingsCoverEverySettingTheCodeReadsExceptLocalOnlyOnes() {
        Set<String> appSettings = functionAppSettingNames();
        Set<String> missing = SettingNames.ALL.stream()
                .filter(name -> !LOCAL_OR_IDENTITY_VARIANT_SETTINGS.contains(name))
                .filter(name -> !appSettings.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "settings the code reads but functionapp.bicep does not set");
    }

    @Test
    void functionAppSettingsLeaveOutKeyBasedAndUserAssignedIdentitySettings() {
        Set<String> present = new TreeSet<>(functionAppSettingNames());
        present.retainAll(LOCAL_OR_IDENTITY_VARIANT_SETTINGS);
        assertEquals(Set.of(), present, "Azure uses the system-assigned identity, not these");
    }

    @Test
    void localSettingsSampleListsEverySettingTheCodeReads() {
        JsonObject values = readJson(root.resolve("local.settings.sample.json")).getAsJsonObject("Values");
        Set<String> missing = SettingNames.ALL.stream()
                .filter(name -> !values.has(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "settings missing from local.settings.sample.json");
    }

    @Test
    void noBicepFileEmitsSettingsOrSitePropertiesDeprecatedOnFlexConsumption() {
        List<String> found = new ArrayList<>();
        for (Path file : bicepFiles(bicepDir)) {
            for (String violation : flexViolations(Bicep.read(file).noComments)) {
                found.add(root.relativize(file) + ": " + violation);
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theFlexCheckCatchesEachListedPropertyAndSettingInAnyCase() {
        // The check must be able to fail: each listed name in a template is reported.
        for (String property : UNSUPPORTED_SITE_PROPERTIES_ON_FLEX) {
            String code = "siteConfig: {\n  " + property.toLowerCase(Locale.ROOT) + ": 'x'\n}\n";
            assertEquals(List.of(property + ":"), flexViolations(code), code);
        }
        for (String setting : DEPRECATED_SETTINGS_ON_FLEX) {
            String code = "{\n  name: '" + setting + "'\n  value: 'x'\n}\n";
            assertEquals(List.of(setting), flexViolations(code), code);
        }
        assertEquals(
                List.of(),
                flexViolations("minTlsVersion: '1.2'\nname: 'AzureWebJobsStorage__credential'\nreserved: true\n"));
    }

    /** Deprecated settings (whole words) and unsupported site properties (object keys) found in code. */
    static List<String> flexViolations(String code) {
        List<String> found = new ArrayList<>();
        for (String name : DEPRECATED_SETTINGS_ON_FLEX) {
            if (Pattern.compile("(?<![\\w])" + name + "(?![\\w])").matcher(code).find()) {
                found.add(name);
            }
        }
        for (String property : UNSUPPORTED_SITE_PROPERTIES_ON_FLEX) {
            if (Pattern.compile("(?i)(?<![\\w.])" + property + "\\s*:")
                    .matcher(code)
                    .find()) {
                found.add(property + ":");
            }
        }
        return found;
    }

    @Test
    void hostStorageUsesTheManagedIdentityCredentialAsTheFlexSamplesDo() {
        String code = Bicep.read(bicepDir.resolve("modules/functionapp.bicep")).noComments;
        assertTrue(
                Pattern.compile("name: 'AzureWebJobsStorage__credential'\\s+value: 'managedidentity'")
                        .matcher(code)
                        .find(),
                "AzureWebJobsStorage__credential must be 'managedidentity'");
        assertFalse(
                functionAppSettingNames().contains("AzureWebJobsStorage__clientId"),
                "__clientId would select a user-assigned identity; the app uses its system-assigned one");
    }

    // ---------------------------------------------------------------- bounds shared with the code

    @Test
    void methodTimeoutBoundsInBicepAreTheOnesTheCodeEnforces() {
        Bicep main = Bicep.read(bicepDir.resolve("main.bicep"));
        int[] response = probeRange(v -> new MethodTimeouts(v, 0), 0, 400);
        int[] connect = probeRange(v -> new MethodTimeouts(5, v), -5, 400);
        // Each parameter alone is bounded by IoT Hub's range; their sum by MAX_WAIT_SECONDS (below).
        assertEquals(List.of(response[0], 300), bounds(main, "methodResponseTimeoutSeconds"));
        assertEquals(List.of(connect[0], 300), bounds(main, "methodConnectTimeoutSeconds"));
        Bicep app = Bicep.read(bicepDir.resolve("modules/functionapp.bicep"));
        assertEquals(List.of(response[0], 300), bounds(app, "methodResponseTimeoutSeconds"));
        assertEquals(List.of(connect[0], 300), bounds(app, "methodConnectTimeoutSeconds"));
    }

    @Test
    void mainBicepFailsTheDeploymentWhenTheMethodTimeoutsOutlastTheHttpLimit() {
        String code = Bicep.read(bicepDir.resolve("main.bicep")).noComments;
        Matcher max = Pattern.compile("(?m)^var maxMethodWaitSeconds = (\\d+)$").matcher(code);
        assertTrue(max.find(), "main.bicep needs var maxMethodWaitSeconds = <n>");
        assertEquals(MethodTimeouts.MAX_WAIT_SECONDS, Integer.parseInt(max.group(1)));
        assertTrue(
                Pattern.compile(
                                "var methodTimeouts = methodResponseTimeoutSeconds \\+ methodConnectTimeoutSeconds <= maxMethodWaitSeconds"
                                        + "\\s*\\?[^:]*\\{[\\s\\S]*?\\}\\s*:\\s*fail\\('")
                        .matcher(code)
                        .find(),
                "methodTimeouts must be `sum <= maxMethodWaitSeconds ? {...} : fail('...')`");
        // The module gets the checked values, not the raw parameters.
        String module = moduleBody(code, "functionApp");
        assertTrue(module.contains("methodResponseTimeoutSeconds: methodTimeouts.responseSeconds"), module);
        assertTrue(module.contains("methodConnectTimeoutSeconds: methodTimeouts.connectSeconds"), module);
        assertTrue(
                readString(bicepDir.resolve("main.bicep")).contains("functions-scale#function-app-timeout-duration"),
                "main.bicep must cite the 230 s limit");
    }

    @Test
    void progressAndDispatchBoundsInBicepAreTheOnesTheCodeEnforces() {
        int[] failures = probeRange(v -> new ProgressSettings(Duration.ofMinutes(1), v, 1), -5, 5000);
        Bicep main = Bicep.read(bicepDir.resolve("main.bicep"));
        Bicep app = Bicep.read(bicepDir.resolve("modules/functionapp.bicep"));
        assertEquals(List.of(failures[0], failures[1]), bounds(main, "progressFailureLimit"));
        assertEquals(List.of(failures[0], failures[1]), bounds(app, "progressFailureLimit"));

        int[] parallelism = probeRange(
                v -> FunctionsSettings.from(Map.of(
                        "IOTHUB_HOSTNAME",
                        "h.azure-devices.net",
                        "AzureWebJobsStorage__accountName",
                        "account",
                        "ROLLOUT_DISPATCH_PARALLELISM",
                        Integer.toString(v))),
                -5,
                3000);
        assertEquals(List.of(parallelism[0], parallelism[1]), bounds(main, "rolloutDispatchParallelism"));
        assertEquals(List.of(parallelism[0], parallelism[1]), bounds(app, "rolloutDispatchParallelism"));
    }

    @Test
    void hubUnitsPerTierFollowTheIotHubLimitsAndTheCode() {
        String code = Bicep.read(bicepDir.resolve("main.bicep")).noComments;
        Map<String, Integer> limits = Map.of("F1", 1, "S1", 200, "S2", 200, "S3", 10);
        String table = code.substring(code.indexOf("var iotHubMaxUnits = {"));
        table = table.substring(0, table.indexOf('}') + 1);
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            assertTrue(
                    Pattern.compile("\\b" + limit.getKey() + ": " + limit.getValue() + "\\b")
                            .matcher(table)
                            .find(),
                    limit + " missing from " + table);
            // FunctionsSettings accepts exactly the same number of units, and no more.
            int max = probeRange(
                    v -> FunctionsSettings.from(Map.of(
                            "IOTHUB_HOSTNAME",
                            "h.azure-devices.net",
                            "AzureWebJobsStorage__accountName",
                            "account",
                            "IOTHUB_SKU",
                            limit.getKey(),
                            "IOTHUB_UNITS",
                            Integer.toString(v))),
                    0,
                    400)[1];
            assertEquals(limit.getValue(), max, limit.getKey());
        }
        assertTrue(
                Pattern.compile(
                                "var iotHubUnits = iotHubCapacity <= iotHubMaxUnits\\[iotHubSkuName\\]\\s*\\?\\s*iotHubCapacity\\s*:\\s*fail\\('")
                        .matcher(code)
                        .find(),
                "iotHubUnits must be `capacity <= max ? capacity : fail('...')`");
        assertTrue(moduleBody(code, "iotHub").contains("capacity: iotHubUnits"), "the hub gets the checked units");
        assertTrue(
                moduleBody(code, "functionApp").contains("iotHubUnits: iotHubUnits"),
                "IOTHUB_UNITS gets the checked units");
    }

    @Test
    void flexMaximumInstanceCountStaysWithinTheDocumentedRange() {
        // "The lowest maximum scale is currently 40. The highest currently supported value is 1000."
        assertEquals(
                List.of(40, 1000),
                bounds(Bicep.read(bicepDir.resolve("modules/functionapp.bicep")), "maximumInstanceCount"));
    }

    @Test
    void theParametersFileTakesTheEnvironmentNameFromAzd() {
        String params = Bicep.read(bicepDir.resolve("main.bicepparam")).noComments;
        assertTrue(
                Pattern.compile(
                                "(?m)^param environmentName = readEnvironmentVariable\\('AZURE_ENV_NAME', '[a-z0-9]{2,12}'\\)$")
                        .matcher(params)
                        .find(),
                "environmentName must come from AZURE_ENV_NAME with a valid fallback");
    }

    // ---------------------------------------------------------------- runtime and host

    @Test
    void flexRuntimeIsJavaAtTheVersionMavenCompilesFor() {
        Bicep app = Bicep.read(bicepDir.resolve("modules/functionapp.bicep"));
        String runtime = blockAfter(app, "runtime:");
        assertTrue(runtime.contains("name: 'java'"), "runtime.name must be 'java': " + runtime);
        Matcher version = Pattern.compile("\\bversion:\\s*(\\S+)").matcher(runtime);
        assertTrue(version.find(), "runtime.version missing: " + runtime);
        String javaVersion = resolveValue(app, version.group(1));

        Matcher release = Pattern.compile("<maven\\.compiler\\.release>\\s*(\\d+)\\s*</maven\\.compiler\\.release>")
                .matcher(readString(root.resolve("pom.xml")));
        assertTrue(release.find(), "maven.compiler.release missing from pom.xml");
        assertEquals(release.group(1), javaVersion, "Flex runtime version vs maven.compiler.release");
    }

    @Test
    void functionAppRunsOnFlexConsumptionWithASystemIdentityAndHttpsOnly() {
        String code = Bicep.read(bicepDir.resolve("modules/functionapp.bicep")).noComments;
        for (String expected : List.of(
                "tier: 'FlexConsumption'",
                "name: 'FC1'",
                "kind: 'functionapp,linux'",
                "type: 'SystemAssigned'",
                "type: 'SystemAssignedIdentity'",
                "type: 'blobContainer'",
                "httpsOnly: true",
                "minTlsVersion: '1.2'",
                "allowedOrigins: allowedCorsOrigins",
                "scaleAndConcurrency:")) {
            assertTrue(code.contains(expected), "functionapp.bicep lacks " + expected);
        }
    }

    @Test
    void theApplicationInsightsJavaAgentIsEnabledSoOperationTelemetryIsSent() {
        // functions/.../telemetry sends through applicationinsights-core, which only the agent turns into telemetry.
        String code = Bicep.read(bicepDir.resolve("modules/functionapp.bicep")).noComments;
        assertTrue(functionAppSettingNames()
                .containsAll(Set.of("APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_ENABLE_AGENT")));
        assertTrue(
                Pattern.compile("name: 'APPLICATIONINSIGHTS_ENABLE_AGENT'\\s+value: 'true'")
                        .matcher(code)
                        .find(),
                "APPLICATIONINSIGHTS_ENABLE_AGENT must be 'true'");
    }

    @Test
    void hostJsonIsVersionTwoWithTheV4ExtensionBundle() {
        JsonObject host = readJson(root.resolve("host.json"));
        assertEquals("2.0", host.get("version").getAsString());
        JsonObject bundle = host.getAsJsonObject("extensionBundle");
        assertEquals(
                "Microsoft.Azure.Functions.ExtensionBundle", bundle.get("id").getAsString());
        assertEquals("[4.*, 5.0.0)", bundle.get("version").getAsString());
    }

    // ---------------------------------------------------------------- storage and hub

    @Test
    void storageAccountForbidsPublicBlobsAndSharedKeysAndOldTls() {
        String code = Bicep.read(bicepDir.resolve("modules/storage.bicep")).noComments;
        for (String expected : List.of(
                "allowBlobPublicAccess: false",
                "allowSharedKeyAccess: false",
                "minimumTlsVersion: 'TLS1_2'",
                "supportsHttpsTrafficOnly: true",
                "kind: 'StorageV2'",
                "name: 'Standard_LRS'")) {
            assertTrue(code.contains(expected), "storage.bicep lacks " + expected);
        }
        // Every container (deployment package, progress, firmware) is private.
        List<String> containers = resourceBodies(
                Bicep.read(bicepDir.resolve("modules/storage.bicep")),
                "Microsoft.Storage/storageAccounts/blobServices/containers@");
        assertEquals(4, containers.size(), "app-package, progress, firmware and device-logs containers");
        containers.forEach(c -> assertTrue(c.contains("publicAccess: 'None'"), c));
    }

    @Test
    void iotHubDefaultsToS1WithAConsumerGroupAndTls12() {
        Bicep main = Bicep.read(bicepDir.resolve("main.bicep"));
        Matcher sku = Pattern.compile("(?m)^[ \\t]*param\\s+iotHubSkuName\\s+string\\s*=\\s*'([^']*)'")
                .matcher(main.noComments);
        assertTrue(sku.find(), "main.bicep needs param iotHubSkuName string = '<default>'");
        assertEquals("S1", sku.group(1));
        Matcher assigned = Pattern.compile("(?m)^[ \\t]*param\\s+iotHubSkuName\\s*=\\s*'([^']*)'")
                .matcher(Bicep.read(bicepDir.resolve("main.bicepparam")).noComments);
        if (assigned.find()) {
            assertEquals("S1", assigned.group(1), "main.bicepparam overrides the hub SKU");
        }
        String hub = Bicep.read(bicepDir.resolve("modules/iothub.bicep")).noComments;
        assertTrue(hub.contains("'Microsoft.Devices/IotHubs/eventHubEndpoints/ConsumerGroups@"), "no consumer group");
        assertTrue(hub.contains("minTlsVersion: '1.2'"), "hub must require TLS 1.2");
    }

    @Test
    void iotHubFileUploadWritesTheLogsContainerWithItsOwnIdentityNeverAKey() {
        String hub = Bicep.read(bicepDir.resolve("modules/iothub.bicep")).noComments;
        for (String expected : List.of(
                "storageEndpoints: {",
                "'$default': {",
                "containerName: logsContainerName",
                "authenticationType: 'identityBased'",
                "userAssignedIdentity: fileUploadIdentity.id",
                "sasTtlAsIso8601: 'PT1H'",
                "enableFileUploadNotifications: false",
                "type: 'UserAssigned'",
                "fileUploadBlobAccess")) {
            assertTrue(hub.contains(expected), "iothub.bicep lacks " + expected);
        }
        assertFalse(hub.contains("AccountKey"), "the hub reaches storage with its identity, not a key");
        List<String> grants = resourceBodies(
                Bicep.read(bicepDir.resolve("modules/iothub.bicep")), "Microsoft.Authorization/roleAssignments@");
        assertEquals(1, grants.size());
        String grant = grants.get(0);
        // Storage Blob Data Contributor, as "Configure file upload" asks for an identity-based endpoint.
        assertTrue(grant.contains("storageBlobDataContributor"), grant);
        assertTrue(hub.contains("'ba92f5b4-2d11-453d-a403-e96b0029c9fe'"), "Storage Blob Data Contributor's id");
        assertTrue(grant.contains("scope: storage"), grant);
        assertTrue(grant.contains("principalType: 'ServicePrincipal'"), grant);
        assertTrue(Pattern.compile("\\bname:\\s*guid\\(").matcher(grant).find(), grant);
        String storage = Bicep.read(bicepDir.resolve("modules/storage.bicep")).noComments;
        assertTrue(storage.contains("name: logsContainerName"), "the logs container is created");
        Bicep main = Bicep.read(bicepDir.resolve("main.bicep"));
        assertTrue(
                moduleBody(main.noComments, "iotHub").contains("logsContainerName: storage.outputs.logsContainerName"));
        assertTrue(
                moduleBody(main.noComments, "functionApp")
                        .contains("logsContainerName: storage.outputs.logsContainerName"),
                "LOGS_CONTAINER names the hub's container");
    }

    @Test
    void iotHubServiceApisNeedEntraIdWhileDevicesKeepTheirSasKeys() {
        String hub = Bicep.read(bicepDir.resolve("modules/iothub.bicep")).noComments;
        assertTrue(
                Pattern.compile("\\bdisableLocalAuth:\\s*true\\b").matcher(hub).find(),
                "hub-scoped shared access policies must be off");
        assertTrue(
                Pattern.compile("\\bdisableDeviceSAS:\\s*false\\b").matcher(hub).find(),
                "devices authenticate with per-device SAS keys");
    }

    // ---------------------------------------------------------------- identity (docs/identity.md)

    @Test
    void appServiceAuthenticationIsEntraIdRequiringATokenExceptForTheOpenApiDocument() {
        Bicep app = Bicep.read(bicepDir.resolve("modules/functionapp.bicep"));
        List<String> bodies = resourceBodies(app, "Microsoft.Web/sites/config@");
        List<String> auth = bodies.stream()
                .filter(b -> b.contains("name: 'authsettingsV2'"))
                .toList();
        assertEquals(1, auth.size(), "one authsettingsV2 config: " + bodies);
        String body = auth.get(0);
        assertTrue(body.contains("parent: functionApp"), body);
        // With authentication on: the platform enabled, every request needs a token or gets 401, Entra ID only.
        Matcher elseBranch = Pattern.compile("(?m)^\\s*:\\s*\\{").matcher(body);
        int split = -1;
        while (elseBranch.find()) {
            split = elseBranch.start();
        }
        assertTrue(split > 0 && body.indexOf('?') > 0, "properties must be `authEnabled ? {...} : {...}`: " + body);
        String on = body.substring(body.indexOf('?'), split);
        for (String expected : List.of(
                "enabled: true",
                "requireAuthentication: true",
                "unauthenticatedClientAction: 'Return401'",
                "requireHttps: true",
                "azureActiveDirectory: {",
                "clientId: authClientId",
                "openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'",
                "'api://${authClientId}'",
                "authAllowedAudiences")) {
            assertTrue(on.contains(expected), "authsettingsV2 (on) lacks " + expected + ":\n" + on);
        }
        assertTrue(
                Pattern.compile("tokenStore:\\s*\\{\\s*enabled: false")
                        .matcher(on)
                        .find(),
                "no token store for a bearer-token API");
        for (String provider :
                List.of("facebook", "gitHub", "google", "twitter", "apple", "customOpenIdConnectProviders")) {
            assertFalse(on.contains(provider), "only Entra ID: " + provider);
        }
        assertFalse(
                on.contains("clientSecretSettingName"), "the API runs no sign-in flow, so it needs no client secret");
        // With authentication off the same resource turns the platform off, so switching back really switches it off.
        String off = body.substring(split);
        assertTrue(
                Pattern.compile("platform:\\s*\\{\\s*enabled: false\\s*}")
                        .matcher(off)
                        .find(),
                off);
        assertTrue(
                Pattern.compile("properties: authEnabled\\s*\\?").matcher(body).find(), body);
        assertTrue(
                readString(bicepDir.resolve("modules/functionapp.bicep"))
                        .contains(
                                "https://learn.microsoft.com/azure/templates/microsoft.web/sites/config-authsettingsv2"),
                "cite the template reference");
    }

    @Test
    void theExcludedPathsAreExactlyTheAnonymousFunctionsRoutesAndNothingElse() {
        String body =
                resourceBodies(Bicep.read(bicepDir.resolve("modules/functionapp.bicep")), "Microsoft.Web/sites/config@")
                        .stream()
                        .filter(b -> b.contains("authsettingsV2"))
                        .findFirst()
                        .orElseThrow();
        Matcher excluded = Pattern.compile("excludedPaths:\\s*\\[([^\\]]*)]").matcher(body);
        assertTrue(excluded.find(), body);
        List<String> paths = Pattern.compile("'([^']*)'")
                .matcher(excluded.group(1))
                .results()
                .map(r -> r.group(1))
                .toList();
        Map<String, dev.fleetops.functions.identity.FunctionCatalog.Function> functions =
                dev.fleetops.functions.identity.FunctionCatalog.all();
        List<String> anonymous = functions.values().stream()
                .filter(f -> f.authLevel() == com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS)
                .map(f -> "/" + routePrefix() + "/" + f.route())
                .sorted()
                .toList();
        assertEquals(
                anonymous,
                paths.stream().sorted().toList(),
                "excludedPaths must be the anonymous functions' URLs: the OpenAPI document and the console");
        assertEquals(
                List.of("/api/console", "/api/console/console.css", "/api/console/console.js", "/api/openapi.json"),
                paths.stream().sorted().toList());
    }

    @Test
    void authenticationAndTheAppsAuthModeFollowOneParameter() {
        Bicep app = Bicep.read(bicepDir.resolve("modules/functionapp.bicep"));
        assertTrue(
                Pattern.compile("(?m)^var authEnabled = !empty\\(authClientId\\)$")
                        .matcher(app.noComments)
                        .find(),
                "authEnabled must be !empty(authClientId)");
        assertTrue(
                Pattern.compile("name: 'FLEETOPS_AUTH'\\s+value: authEnabled \\? 'entra' : 'key'")
                        .matcher(app.noComments)
                        .find(),
                "FLEETOPS_AUTH must be 'entra' exactly when App Service Authentication is on");
        assertEquals(
                List.of("entra", "key"),
                List.of(
                        dev.fleetops.core.identity.AuthMode.ENTRA.setting(),
                        dev.fleetops.core.identity.AuthMode.KEY.setting()));
        Bicep main = Bicep.read(bicepDir.resolve("main.bicep"));
        assertTrue(
                Pattern.compile("(?m)^param authClientId string = ''$")
                        .matcher(main.noComments)
                        .find(),
                "auth is off unless a client id is given");
        String module = moduleBody(main.noComments, "functionApp");
        for (String wired : List.of(
                "authClientId: authClientId",
                "authTenantId: empty(authTenantId) ? tenant().tenantId : authTenantId",
                "authAllowedAudiences: authAllowedAudiences",
                "automationPrincipalName: automationPrincipalName",
                "automationRole: automationRole",
                "operatorMaxDevices: operatorMaxDevices")) {
            assertTrue(module.contains(wired), "main.bicep module functionApp lacks " + wired);
        }
    }

    @Test
    void identitySettingsOfCoreAreSetInAzureAndListedInTheSample() {
        Set<String> names = new TreeSet<>(dev.fleetops.core.identity.AuthSettings.NAMES);
        names.addAll(dev.fleetops.core.identity.AccessPolicy.NAMES);
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(functionAppSettingNames());
        assertEquals(Set.of(), missing, "identity settings functionapp.bicep does not set");
        JsonObject values = readJson(root.resolve("local.settings.sample.json")).getAsJsonObject("Values");
        assertEquals(
                Set.of(),
                names.stream().filter(n -> !values.has(n)).collect(Collectors.toCollection(TreeSet::new)),
                "identity settings missing from local.settings.sample.json");
        // The sample's values are valid for the code.
        Map<String, String> sample = new LinkedHashMap<>();
        values.entrySet().forEach(e -> sample.put(e.getKey(), e.getValue().getAsString()));
        assertTrue(
                dev.fleetops.core.identity.AuthSettings.from(sample) instanceof dev.fleetops.contract.Parsed.Valid<?>,
                sample.toString());
        assertTrue(
                dev.fleetops.core.identity.AccessPolicy.from(sample) instanceof dev.fleetops.contract.Parsed.Valid<?>,
                sample.toString());
    }

    @Test
    void automationRoleAndOperatorLimitAllowExactlyWhatTheCodeAccepts() {
        List<String> roles = java.util.Arrays.stream(dev.fleetops.core.identity.Role.values())
                .map(dev.fleetops.core.identity.Role::appRole)
                .toList();
        for (Path file : List.of(bicepDir.resolve("main.bicep"), bicepDir.resolve("modules/functionapp.bicep"))) {
            Bicep bicep = Bicep.read(file);
            assertEquals(
                    roles, allowed(bicep, "automationRole"), file.getFileName().toString());
            int[] limit = probeRange(v -> new dev.fleetops.core.identity.AccessPolicy(v), -5, 20_000);
            assertEquals(
                    List.of(limit[0], limit[1]),
                    bounds(bicep, "operatorMaxDevices"),
                    file.getFileName().toString());
        }
        assertTrue(
                dev.fleetops.core.identity.AuthSettings.from(Map.of("FLEETOPS_AUTOMATION_NAME", "x".repeat(64)))
                        instanceof dev.fleetops.contract.Parsed.Valid<?>);
        assertTrue(
                dev.fleetops.core.identity.AuthSettings.from(Map.of("FLEETOPS_AUTOMATION_NAME", "x".repeat(65)))
                        instanceof dev.fleetops.contract.Parsed.Invalid<?>);
        Matcher name = Pattern.compile(
                        "@minLength\\((\\d+)\\)\\s*@maxLength\\((\\d+)\\)\\s*param automationPrincipalName string")
                .matcher(Bicep.read(bicepDir.resolve("main.bicep")).noComments);
        assertTrue(name.find(), "automationPrincipalName needs @minLength/@maxLength");
        assertEquals(List.of("1", "64"), List.of(name.group(1), name.group(2)));
    }

    @Test
    void approvalSettingsAreWiredAndAllowExactlyWhatTheCodeAccepts() {
        int[] min = probeRange(
                v -> throwIfInvalid(dev.fleetops.core.rollout.service.ApprovalPolicy.from(
                        Map.of("FLEETOPS_APPROVAL_MIN_DEVICES", Integer.toString(v)))),
                -5,
                20_000);
        int[] ttl = probeRange(
                v -> throwIfInvalid(dev.fleetops.core.rollout.service.ApprovalPolicy.from(
                        Map.of("FLEETOPS_APPROVAL_TTL_HOURS", Integer.toString(v)))),
                -5,
                500);
        for (Path file : List.of(bicepDir.resolve("main.bicep"), bicepDir.resolve("modules/functionapp.bicep"))) {
            Bicep bicep = Bicep.read(file);
            assertEquals(
                    List.of(min[0], min[1]),
                    bounds(bicep, "approvalMinDevices"),
                    file.getFileName().toString());
            assertEquals(
                    List.of(ttl[0], ttl[1]),
                    bounds(bicep, "approvalTtlHours"),
                    file.getFileName().toString());
        }
        String module = moduleBody(Bicep.read(bicepDir.resolve("main.bicep")).noComments, "functionApp");
        for (String wired : List.of("approvalMinDevices: approvalMinDevices", "approvalTtlHours: approvalTtlHours")) {
            assertTrue(module.contains(wired), "main.bicep module functionApp lacks " + wired);
        }
        Map<String, String> sample = new LinkedHashMap<>();
        readJson(root.resolve("local.settings.sample.json"))
                .getAsJsonObject("Values")
                .entrySet()
                .forEach(e -> sample.put(e.getKey(), e.getValue().getAsString()));
        throwIfInvalid(dev.fleetops.core.rollout.service.ApprovalPolicy.from(sample));
    }

    private static void throwIfInvalid(dev.fleetops.contract.Parsed<?> p) {
        if (p instanceof dev.fleetops.contract.Parsed.Invalid<?> bad) {
            throw new IllegalArgumentException(bad.summary());
        }
    }

    @Test
    void theAppRegistrationManifestDeclaresExactlyTheRolesTheCodeKnows() {
        com.google.gson.JsonArray roles = JsonParser.parseString(readString(root.resolve("infra/entra/app-roles.json")))
                .getAsJsonArray();
        List<String> values = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (com.google.gson.JsonElement e : roles) {
            JsonObject role = e.getAsJsonObject();
            values.add(role.get("value").getAsString());
            assertTrue(GUID.matcher(role.get("id").getAsString()).matches(), role.toString());
            ids.add(role.get("id").getAsString());
            assertTrue(role.get("isEnabled").getAsBoolean(), role.toString());
            assertEquals(
                    List.of("User", "Application"),
                    role.getAsJsonArray("allowedMemberTypes").asList().stream()
                            .map(com.google.gson.JsonElement::getAsString)
                            .toList(),
                    "users, groups and client applications: " + role);
        }
        assertEquals(
                java.util.Arrays.stream(dev.fleetops.core.identity.Role.values())
                        .map(dev.fleetops.core.identity.Role::appRole)
                        .toList(),
                values);
        assertEquals(values.size(), ids.size(), "app role ids must be distinct");
        JsonObject api = readJson(root.resolve("infra/entra/api.json")).getAsJsonObject("api");
        assertEquals(
                2,
                api.get("requestedAccessTokenVersion").getAsInt(),
                "v2.0 tokens: their issuer is the Bicep's openIdIssuer");
        JsonObject scope = api.getAsJsonArray("oauth2PermissionScopes").get(0).getAsJsonObject();
        assertEquals("user_impersonation", scope.get("value").getAsString());
        assertFalse(ids.contains(scope.get("id").getAsString()), "scope and role ids are distinct");
    }

    /** The quoted values of the {@code @allowed([...])} decorator right above a parameter. */
    private static List<String> allowed(Bicep bicep, String param) {
        Matcher m = Pattern.compile("@allowed\\(\\[([^\\]]*)]\\)\\s*param\\s+" + Pattern.quote(param) + "\\b")
                .matcher(bicep.noComments);
        assertTrue(m.find(), param + " has no @allowed in " + bicep.path.getFileName());
        return Pattern.compile("'([^']*)'")
                .matcher(m.group(1))
                .results()
                .map(r -> r.group(1))
                .toList();
    }

    /** host.json extensions.http.routePrefix, default "api". */
    private static String routePrefix() {
        JsonObject host = readJson(root.resolve("host.json"));
        if (host.has("extensions")
                && host.getAsJsonObject("extensions").has("http")
                && host.getAsJsonObject("extensions").getAsJsonObject("http").has("routePrefix")) {
            return host.getAsJsonObject("extensions")
                    .getAsJsonObject("http")
                    .get("routePrefix")
                    .getAsString();
        }
        return "api";
    }

    // ================================================================ helpers

    /** Module symbol to absolute module path, from {@code module x '<path>'} lines of main.bicep. */
    private static Map<String, Path> modulesOfMain() {
        Bicep main = Bicep.read(bicepDir.resolve("main.bicep"));
        Map<String, Path> modules = new LinkedHashMap<>();
        Matcher m = MODULE.matcher(main.noComments);
        while (m.find()) {
            modules.put(
                    m.group(1), bicepDir.resolve(m.group(2)).toAbsolutePath().normalize());
        }
        return modules;
    }

    /** [min, max] of the values {@code accepts} takes without throwing, probing from {@code from} to {@code to}. */
    private static int[] probeRange(java.util.function.IntConsumer accepts, int from, int to) {
        Integer min = null;
        Integer max = null;
        for (int v = from; v <= to; v++) {
            try {
                accepts.accept(v);
            } catch (RuntimeException e) {
                continue;
            }
            if (min == null) {
                min = v;
            }
            max = v;
        }
        assertTrue(min != null, "no accepted value in " + from + ".." + to);
        assertTrue(max < to && min > from, "range not closed inside the probe: " + min + ".." + max);
        return new int[] {min, max};
    }

    /** [@minValue, @maxValue] of a parameter, read from the decorators right above its declaration. */
    private static List<Integer> bounds(Bicep bicep, String param) {
        Matcher decl = Pattern.compile("(?m)^[ \\t]*param\\s+" + Pattern.quote(param) + "\\b")
                .matcher(bicep.noComments);
        assertTrue(decl.find(), param + " not declared in " + bicep.path.getFileName());
        String before = bicep.noComments.substring(0, decl.start());
        int blockStart = Math.max(
                before.lastIndexOf("\n\n"), Math.max(before.lastIndexOf("\nparam "), before.lastIndexOf("\nvar ")));
        String decorators = before.substring(Math.max(blockStart, 0));
        Matcher min = Pattern.compile("@minValue\\((-?\\d+)\\)").matcher(decorators);
        Matcher max = Pattern.compile("@maxValue\\((-?\\d+)\\)").matcher(decorators);
        assertTrue(
                min.find() && max.find(),
                param + " needs @minValue and @maxValue in " + bicep.path.getFileName() + ": " + decorators);
        return List.of(Integer.parseInt(min.group(1)), Integer.parseInt(max.group(1)));
    }

    /** The body of {@code module <name> '...' = { ... }} in main.bicep code. */
    private static String moduleBody(String code, String name) {
        Matcher m = Pattern.compile("(?m)^module\\s+" + Pattern.quote(name) + "\\s+'[^']+'\\s*=\\s*\\{")
                .matcher(code);
        assertTrue(m.find(), "module " + name + " not found");
        int depth = 0;
        for (int i = m.end() - 1; i < code.length(); i++) {
            if (code.charAt(i) == '{') {
                depth++;
            } else if (code.charAt(i) == '}' && --depth == 0) {
                return code.substring(m.end(), i);
            }
        }
        throw new AssertionError("module " + name + " is not closed");
    }

    /** Parameter name to whether it has a default value. */
    private static Map<String, Boolean> declaredParams(Bicep bicep) {
        Map<String, Boolean> params = new LinkedHashMap<>();
        Matcher m = PARAM_DECL.matcher(bicep.noComments);
        while (m.find()) {
            params.put(m.group(1), m.group(2).contains("="));
        }
        return params;
    }

    /** Names in the {@code appSettings: [...]} array of functionapp.bicep. */
    private static Set<String> functionAppSettingNames() {
        Bicep app = Bicep.read(bicepDir.resolve("modules/functionapp.bicep"));
        String settings = blockAfter(app, "appSettings:");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\bname:\\s*'([^']+)'").matcher(settings);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertFalse(names.isEmpty(), "functionapp.bicep has no appSettings entries");
        return names;
    }

    /** Each output statement, following brackets across lines. */
    private static List<String> outputStatements(Bicep bicep) {
        List<String> outputs = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^[ \\t]*(output)\\s").matcher(bicep.skeleton);
        while (m.find()) {
            int end = statementEnd(bicep.skeleton, m.start(1));
            outputs.add(bicep.noComments.substring(m.start(1), end));
        }
        return outputs;
    }

    /** Bodies of {@code resource x '<typePrefix>...' = ...} declarations. */
    private static List<String> resourceBodies(Bicep bicep, String typePrefix) {
        List<String> bodies = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^[ \\t]*(resource)\\s+\\w+\\s+'" + Pattern.quote(typePrefix))
                .matcher(bicep.noComments);
        while (m.find()) {
            bodies.add(bicep.noComments.substring(m.start(1), statementEnd(bicep.skeleton, m.start(1))));
        }
        return bodies;
    }

    /** From {@code start}, the end of the line on which all brackets opened since start are closed. */
    private static int statementEnd(String skeleton, int start) {
        int depth = 0;
        for (int i = start; i < skeleton.length(); i++) {
            char c = skeleton.charAt(i);
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            } else if (c == '\n' && depth <= 0) {
                return i;
            }
        }
        return skeleton.length();
    }

    /** The bracketed block that follows the first occurrence of {@code key} in code. */
    private static String blockAfter(Bicep bicep, String key) {
        int at = bicep.skeleton.indexOf(key);
        assertTrue(at >= 0, key + " not found in " + bicep.path.getFileName());
        int open = at + key.length();
        while (open < bicep.skeleton.length() && Character.isWhitespace(bicep.skeleton.charAt(open))) {
            open++;
        }
        char opener = bicep.skeleton.charAt(open);
        assertTrue(opener == '{' || opener == '[', key + " is not followed by a block");
        int depth = 0;
        for (int i = open; i < bicep.skeleton.length(); i++) {
            char c = bicep.skeleton.charAt(i);
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
                if (depth == 0) {
                    return bicep.noComments.substring(open, i + 1);
                }
            }
        }
        throw new AssertionError("unclosed block after " + key);
    }

    /** A quoted literal's content, or the quoted default of the parameter named by an identifier. */
    private static String resolveValue(Bicep bicep, String token) {
        if (token.startsWith("'") && token.endsWith("'") && token.length() >= 2) {
            return token.substring(1, token.length() - 1);
        }
        Matcher param = Pattern.compile("(?m)^[ \\t]*param\\s+" + Pattern.quote(token) + "\\s+\\w+\\s*=\\s*'([^']*)'")
                .matcher(bicep.noComments);
        assertTrue(param.find(), token + " is neither a literal nor a parameter with a literal default");
        return param.group(1);
    }

    /** Null when brackets nest properly; otherwise a description of the first problem. */
    static String firstUnbalancedBracket(String skeleton) {
        Deque<int[]> stack = new ArrayDeque<>();
        int line = 1;
        for (int i = 0; i < skeleton.length(); i++) {
            char c = skeleton.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '{' || c == '[' || c == '(') {
                stack.push(new int[] {c, line});
            } else if (c == '}' || c == ']' || c == ')') {
                char expected = c == '}' ? '{' : c == ']' ? '[' : '(';
                if (stack.isEmpty()) {
                    return "unmatched '" + c + "' on line " + line;
                }
                int[] top = stack.pop();
                if (top[0] != expected) {
                    return "'" + c + "' on line " + line + " closes '" + (char) top[0] + "' from line " + top[1];
                }
            }
        }
        return stack.isEmpty()
                ? null
                : "'" + (char) stack.peek()[0] + "' from line " + stack.peek()[1] + " is never closed";
    }

    private static List<Path> bicepFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".bicep")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject readJson(Path file) {
        return JsonParser.parseString(readString(file)).getAsJsonObject();
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Bicep source with two derived views of the same length and line layout:
     * {@code noComments} blanks comments; {@code skeleton} also blanks string contents and the
     * {@code ${ }} delimiters, but keeps the code inside interpolations.
     */
    record Bicep(Path path, String noComments, String skeleton) {

        static Bicep read(Path path) {
            String src = readString(path);
            Lexer lexer = new Lexer(src);
            lexer.code(0, false);
            return new Bicep(path, new String(lexer.noComments), new String(lexer.skeleton));
        }
    }

    /** Just enough of the Bicep lexical grammar to tell code from comments and strings. */
    private static final class Lexer {
        private final String src;
        private final char[] noComments;
        private final char[] skeleton;

        Lexer(String src) {
            this.src = src;
            this.noComments = src.toCharArray();
            this.skeleton = src.toCharArray();
        }

        /** Scans code; inside an interpolation, returns the index after its closing brace. */
        int code(int i, boolean interpolation) {
            int depth = 0;
            while (i < src.length()) {
                if (src.startsWith("//", i)) {
                    int end = src.indexOf('\n', i);
                    i = blank(i, end < 0 ? src.length() : end, true);
                } else if (src.startsWith("/*", i)) {
                    int end = src.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw new IllegalStateException("unterminated comment at line " + line(i));
                    }
                    i = blank(i, end + 2, true);
                } else if (src.startsWith("'''", i)) {
                    int end = src.indexOf("'''", i + 3);
                    if (end < 0) {
                        throw new IllegalStateException("unterminated multi-line string at line " + line(i));
                    }
                    blank(i + 3, end, false);
                    i = end + 3;
                } else if (src.charAt(i) == '\'') {
                    i = string(i + 1);
                } else {
                    char c = src.charAt(i);
                    if (interpolation && c == '{') {
                        depth++;
                    } else if (interpolation && c == '}') {
                        if (depth == 0) {
                            skeleton[i] = ' ';
                            return i + 1;
                        }
                        depth--;
                    }
                    i++;
                }
            }
            if (interpolation) {
                throw new IllegalStateException("unterminated interpolation");
            }
            return i;
        }

        /** Scans a single-line string from after its opening quote; returns the index after the closing one. */
        private int string(int i) {
            int start = i;
            while (i < src.length()) {
                char c = src.charAt(i);
                if (c == '\\') {
                    blank(i, Math.min(i + 2, src.length()), false);
                    i += 2;
                } else if (c == '\'') {
                    return i + 1;
                } else if (c == '$' && src.startsWith("${", i)) {
                    skeleton[i] = ' ';
                    skeleton[i + 1] = ' ';
                    i = code(i + 2, true);
                } else if (c == '\n') {
                    break;
                } else {
                    skeleton[i] = ' ';
                    i++;
                }
            }
            throw new IllegalStateException("unterminated string at line " + line(start));
        }

        /** Blanks [from, to) in the skeleton (and in noComments for comments), keeping newlines. */
        private int blank(int from, int to, boolean comment) {
            for (int k = from; k < to; k++) {
                if (src.charAt(k) != '\n') {
                    skeleton[k] = ' ';
                    if (comment) {
                        noComments[k] = ' ';
                    }
                }
            }
            return to;
        }

        private int line(int index) {
            int line = 1;
            for (int k = 0; k < index && k < src.length(); k++) {
                if (src.charAt(k) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
