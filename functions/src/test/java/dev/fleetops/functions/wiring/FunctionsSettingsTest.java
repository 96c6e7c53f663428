package dev.fleetops.functions.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.functions.settings.SettingsException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionsSettingsTest {
    private static final String SECRET = "c2VjcmV0LWtleS1kby1ub3QtbG9n";
    private final Map<String, String> env = new HashMap<>(Map.of(
            "IOTHUB_CONNECTION_STRING",
            "HostName=hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=" + SECRET,
            "AzureWebJobsStorage",
            "UseDevelopmentStorage=true"));

    @Test
    void defaultsAreSafeForLocalRuns() {
        FunctionsSettings s = FunctionsSettings.from(env);
        assertEquals(30, s.methodTimeouts().responseSeconds());
        assertEquals(0, s.methodTimeouts().connectSeconds());
        assertEquals(40, s.methodTimeouts().httpReadTimeoutSeconds(), "read timeout outlasts the method timeouts");
        assertEquals(Duration.ofMinutes(30), s.progress().stuckAfter());
        assertEquals("fleetops-progress", s.progressContainer());
    }

    @Test
    void dispatchIsInlineUnlessQueueIsChosenAndTheQueueNameIsChecked() {
        FunctionsSettings inline = FunctionsSettings.from(env);
        assertFalse(inline.rolloutDispatchQueued());
        assertEquals("fleetops-dispatch", inline.rolloutDispatchQueue());
        assertEquals("hub.azure-devices.net", AppServices.hubName(inline), "the pacer schedule is named by the hub");

        env.put("ROLLOUT_DISPATCH_MODE", "queue");
        env.put("ROLLOUT_DISPATCH_QUEUE", "fleet-dispatch-2");
        FunctionsSettings queued = FunctionsSettings.from(env);
        assertTrue(queued.rolloutDispatchQueued());
        assertEquals("fleet-dispatch-2", queued.rolloutDispatchQueue());

        env.put("ROLLOUT_DISPATCH_MODE", "sideways");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("ROLLOUT_DISPATCH_MODE"));
        env.put("ROLLOUT_DISPATCH_MODE", "queue");
        env.put("ROLLOUT_DISPATCH_QUEUE", "Bad_Queue");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("ROLLOUT_DISPATCH_QUEUE"));
    }

    @Test
    void hostNameSelectsIdentityWhenNoConnectionStringIsSet() {
        env.remove("IOTHUB_CONNECTION_STRING");
        env.put("IOTHUB_HOSTNAME", "myhub.azure-devices.net");
        env.remove("AzureWebJobsStorage");
        env.put("AzureWebJobsStorage__accountName", "fleetopsstore");
        FunctionsSettings s = FunctionsSettings.from(env);
        assertNull(s.iotHubConnectionString());
        assertEquals("myhub.azure-devices.net", s.iotHubHostName());
        assertEquals("https://fleetopsstore.blob.core.windows.net", s.storage().blobServiceUri());
    }

    @Test
    void errorsNameTheSettingAndNeverItsValue() {
        env.put("METHOD_RESPONSE_TIMEOUT_SECONDS", "1000");
        SettingsException e = assertThrows(SettingsException.class, () -> FunctionsSettings.from(env));
        assertTrue(e.getMessage().contains("METHOD_RESPONSE_TIMEOUT_SECONDS"));
        env.put("METHOD_RESPONSE_TIMEOUT_SECONDS", "abc");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("whole number"));
        env.put("METHOD_RESPONSE_TIMEOUT_SECONDS", "30");
        env.put("IOTHUB_CONNECTION_STRING", "garbage " + SECRET);
        e = assertThrows(SettingsException.class, () -> FunctionsSettings.from(env));
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void methodTimeoutsThatTogetherOutlastTheHttpLimitNameBothSettings() {
        env.put("METHOD_RESPONSE_TIMEOUT_SECONDS", "150");
        env.put("METHOD_CONNECT_TIMEOUT_SECONDS", "51");
        SettingsException e = assertThrows(SettingsException.class, () -> FunctionsSettings.from(env));
        assertTrue(e.getMessage().contains("METHOD_RESPONSE_TIMEOUT_SECONDS"), e.getMessage());
        assertTrue(e.getMessage().contains("METHOD_CONNECT_TIMEOUT_SECONDS"), e.getMessage());
        assertTrue(e.getMessage().contains("200"), e.getMessage());

        env.put("METHOD_CONNECT_TIMEOUT_SECONDS", "50");
        FunctionsSettings s = FunctionsSettings.from(env);
        assertEquals(
                200, s.methodTimeouts().responseSeconds() + s.methodTimeouts().connectSeconds());
        assertTrue(
                s.methodTimeouts().httpReadTimeoutSeconds() + 10 < 230,
                "read timeout plus the 10 s TCP connect timeout stays under the 230 s HTTP limit");
    }

    @Test
    void eachMethodTimeoutKeepsItsOwnRangeMessage() {
        env.put("METHOD_CONNECT_TIMEOUT_SECONDS", "-1");
        SettingsException e = assertThrows(SettingsException.class, () -> FunctionsSettings.from(env));
        assertTrue(e.getMessage().contains("0-300"), e.getMessage());
    }

    @Test
    void hubUnitsAreBoundedByTheTier() {
        env.put("IOTHUB_SKU", "F1");
        env.put("IOTHUB_UNITS", "2");
        SettingsException e = assertThrows(SettingsException.class, () -> FunctionsSettings.from(env));
        assertTrue(e.getMessage().contains("IOTHUB_UNITS") && e.getMessage().contains("F1"), e.getMessage());
        env.put("IOTHUB_UNITS", "1");
        assertEquals(1, FunctionsSettings.from(env).iotHubUnits());
        env.put("IOTHUB_SKU", "S3");
        env.put("IOTHUB_UNITS", "11");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("10"));
        env.put("IOTHUB_SKU", "S1");
        env.put("IOTHUB_UNITS", "200");
        assertEquals(200, FunctionsSettings.from(env).iotHubUnits());
    }

    @Test
    void missingHubOrStorageSettingsAreNamed() {
        env.remove("IOTHUB_CONNECTION_STRING");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("IOTHUB_HOSTNAME"));
        env.put("IOTHUB_HOSTNAME", "hub.azure-devices.net");
        env.remove("AzureWebJobsStorage");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("AzureWebJobsStorage"));
    }

    @Test
    void toStringNeverShowsSecrets() {
        assertFalse(FunctionsSettings.from(env).toString().contains(SECRET));
    }

    @Test
    void aServiceEndpointSelectsTheLocalHubAndNeedsAConnectionString() {
        env.put("IOTHUB_SERVICE_ENDPOINT", "127.0.0.1:8443");
        FunctionsSettings s = FunctionsSettings.from(env);
        assertEquals("127.0.0.1:8443", s.iotHubServiceEndpoint());
        assertTrue(
                AppServices.access(s, () -> null, java.time.Clock.systemUTC())
                        instanceof dev.fleetops.functions.iothub.IotHubAccess.SasEndpoint);
        env.put("IOTHUB_SERVICE_ENDPOINT", "https://127.0.0.1:8443/");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("host:port"));
        env.put("IOTHUB_SERVICE_ENDPOINT", "127.0.0.1:8443");
        env.remove("IOTHUB_CONNECTION_STRING");
        env.put("IOTHUB_HOSTNAME", "hub.azure-devices.net");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("IOTHUB_CONNECTION_STRING"));
    }

    @Test
    void badContainerNamesAreRejected() {
        env.put("PROGRESS_CONTAINER", "Bad_Name");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("PROGRESS_CONTAINER"));
    }

    @Test
    void theHubTierAndUnitsSetTheRolloutDispatchRate() {
        FunctionsSettings defaults = FunctionsSettings.from(env);
        assertEquals(dev.fleetops.core.rollout.service.HubSku.S1, defaults.iotHubSku());
        assertEquals(1, defaults.iotHubUnits());
        env.put("IOTHUB_SKU", "s2");
        env.put("IOTHUB_UNITS", "3");
        FunctionsSettings s2 = FunctionsSettings.from(env);
        assertEquals(360.0, s2.iotHubSku().methodsPerSecond(s2.iotHubUnits()), 1e-9);
        env.put("IOTHUB_SKU", "B1");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("IOTHUB_SKU"));
        env.put("IOTHUB_SKU", "S1");
        env.put("IOTHUB_UNITS", "0");
        assertTrue(assertThrows(SettingsException.class, () -> FunctionsSettings.from(env))
                .getMessage()
                .contains("IOTHUB_UNITS"));
    }
}
