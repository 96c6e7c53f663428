package dev.fleetops.functions.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.functions.wiring.SettingNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
    private static final Map<String, String> KNOWN_ROLES = Map.of(
            "4fc6c259-987e-4a07-842e-c321cc9d413f", "IoT Hub Data Contributor",
            "4ea46cd5-c1b2-4a8e-910b-273211f9ce47", "IoT Hub Registry Contributor",
            "494bdba2-168f-4f31-a0a1-191d2f7c028c", "IoT Hub Twin Contributor",
            "b447c946-2db7-41ec-983d-d8bf3b1c77e3", "IoT Hub Data Reader",
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner",
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor",
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor",
            "3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher",
            "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User");

    private static final String IOT_HUB_DATA_CONTRIBUTOR = "4fc6c259-987e-4a07-842e-c321cc9d413f";
    private static final String STORAGE_BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";

    /**
     * Settings the code reads that Azure must NOT get: the app uses its system-assigned identity
     * there. IOTHUB_CONNECTION_STRING is the key-based local alternative to IOTHUB_HOSTNAME;
     * AzureWebJobsStorage (a connection string) is the local/Azurite alternative to the
     * AzureWebJobsStorage__* identity settings and would not work with shared keys disabled;
     * AZURE_CLIENT_ID only selects a user-assigned identity; IOTHUB_SERVICE_ENDPOINT points the
     * app at the local hub (host:port) and has no meaning in Azure.
     */
    private static final Set<String> LOCAL_OR_IDENTITY_VARIANT_SETTINGS = Set.of(
            SettingNames.IOTHUB_CONNECTION_STRING,
            SettingNames.STORAGE_CONNECTION_STRING,
            SettingNames.AZURE_CLIENT_ID,
            SettingNames.IOTHUB_SERVICE_ENDPOINT);

    /** App settings the Flex Consumption plan deprecates; the runtime comes from functionAppConfig. */
    private static final List<String> DEPRECATED_ON_FLEX = List.of(
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
            "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
            "WEBSITE_CONTENTOVERVNET", "WEBSITE_NODE_DEFAULT_VERSION", "SCM_DO_BUILD_DURING_DEPLOYMENT",
            "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT");

    /** Site properties Flex Consumption does not support, checked as object keys. */
    private static final List<String> UNSUPPORTED_ON_FLEX = List.of(
            "linuxFxVersion", "javaVersion", "alwaysOn", "functionAppScaleLimit", "use32BitWorkerProcess",
            "preWarmedInstanceCount");

    private static final Pattern GUID = Pattern.compile(
            "(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
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
        assertTrue(Pattern.compile("(?m)^[ \\t]*using\\s+'main\\.bicep'\\s*$").matcher(params.noComments).find(),
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
                Matcher use = Pattern.compile("(?<![.\\w])" + name + "(?!\\w)(?!\\s*:)").matcher(bicep.skeleton);
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
        assertTrue(guids.contains(IOT_HUB_DATA_CONTRIBUTOR),
                "IoT Hub Data Contributor is needed to invoke direct methods");
        assertTrue(guids.contains(STORAGE_BLOB_DATA_OWNER),
                "Storage Blob Data Owner is needed for identity-based AzureWebJobsStorage");
    }

    @Test
    void everyRoleAssignmentHasADeterministicNameAndAServicePrincipalType() {
        Bicep rbac = Bicep.read(bicepDir.resolve("modules/rbac.bicep"));
        List<String> bodies = resourceBodies(rbac, "Microsoft.Authorization/roleAssignments@");
        assertFalse(bodies.isEmpty(), "rbac.bicep declares no role assignments");
        for (String body : bodies) {
            assertTrue(Pattern.compile("\\bname:\\s*guid\\(").matcher(body).find(), "name must be guid(...): " + body);
            assertTrue(body.contains("principalType: 'ServicePrincipal'"), "principalType missing: " + body);
            assertTrue(body.contains("subscriptionResourceId('Microsoft.Authorization/roleDefinitions'"),
                    "roleDefinitionId must be a subscriptionResourceId: " + body);
        }
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
            String code = Bicep.read(file).noComments;
            for (String name : DEPRECATED_ON_FLEX) {
                if (Pattern.compile("(?<![\\w])" + name + "(?![\\w])").matcher(code).find()) {
                    found.add(root.relativize(file) + ": " + name);
                }
            }
            for (String property : UNSUPPORTED_ON_FLEX) {
                if (Pattern.compile("(?<![\\w.])" + property + "\\s*:").matcher(code).find()) {
                    found.add(root.relativize(file) + ": " + property + ":");
                }
            }
        }
        assertEquals(List.of(), found);
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
        for (String expected : List.of("tier: 'FlexConsumption'", "name: 'FC1'", "kind: 'functionapp,linux'",
                "type: 'SystemAssigned'", "type: 'SystemAssignedIdentity'", "type: 'blobContainer'",
                "httpsOnly: true", "minTlsVersion: '1.2'", "ftpsState: 'Disabled'",
                "allowedOrigins: allowedCorsOrigins", "scaleAndConcurrency:")) {
            assertTrue(code.contains(expected), "functionapp.bicep lacks " + expected);
        }
    }

    @Test
    void theApplicationInsightsJavaAgentIsEnabledSoOperationTelemetryIsSent() {
        // functions/.../telemetry sends through applicationinsights-core, which only the agent turns into telemetry.
        String code = Bicep.read(bicepDir.resolve("modules/functionapp.bicep")).noComments;
        assertTrue(functionAppSettingNames().containsAll(Set.of("APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_ENABLE_AGENT")));
        assertTrue(Pattern.compile("name: 'APPLICATIONINSIGHTS_ENABLE_AGENT'\\s+value: 'true'").matcher(code).find(),
                "APPLICATIONINSIGHTS_ENABLE_AGENT must be 'true'");
    }

    @Test
    void hostJsonIsVersionTwoWithTheV4ExtensionBundle() {
        JsonObject host = readJson(root.resolve("host.json"));
        assertEquals("2.0", host.get("version").getAsString());
        JsonObject bundle = host.getAsJsonObject("extensionBundle");
        assertEquals("Microsoft.Azure.Functions.ExtensionBundle", bundle.get("id").getAsString());
        assertEquals("[4.*, 5.0.0)", bundle.get("version").getAsString());
    }

    // ---------------------------------------------------------------- storage and hub

    @Test
    void storageAccountForbidsPublicBlobsAndSharedKeysAndOldTls() {
        String code = Bicep.read(bicepDir.resolve("modules/storage.bicep")).noComments;
        for (String expected : List.of("allowBlobPublicAccess: false", "allowSharedKeyAccess: false",
                "minimumTlsVersion: 'TLS1_2'", "supportsHttpsTrafficOnly: true", "kind: 'StorageV2'",
                "name: 'Standard_LRS'")) {
            assertTrue(code.contains(expected), "storage.bicep lacks " + expected);
        }
    }

    @Test
    void iotHubDefaultsToS1WithAConsumerGroupAndTls12() {
        Bicep main = Bicep.read(bicepDir.resolve("main.bicep"));
        Matcher sku = Pattern.compile("(?m)^[ \\t]*param\\s+iotHubSkuName\\s+string\\s*=\\s*'([^']*)'").matcher(main.noComments);
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

    // ================================================================ helpers

    /** Module symbol to absolute module path, from {@code module x '<path>'} lines of main.bicep. */
    private static Map<String, Path> modulesOfMain() {
        Bicep main = Bicep.read(bicepDir.resolve("main.bicep"));
        Map<String, Path> modules = new LinkedHashMap<>();
        Matcher m = MODULE.matcher(main.noComments);
        while (m.find()) {
            modules.put(m.group(1), bicepDir.resolve(m.group(2)).toAbsolutePath().normalize());
        }
        return modules;
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
        return stack.isEmpty() ? null : "'" + (char) stack.peek()[0] + "' from line " + stack.peek()[1] + " is never closed";
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
