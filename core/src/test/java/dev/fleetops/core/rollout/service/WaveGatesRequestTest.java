package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.rollout.RolloutConfig;
import dev.fleetops.core.rollout.WaveGates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak and gates of a rollout request ({@code rollout.soakMinutes}, {@code healthGate}, {@code externalGate}). */
class WaveGatesRequestTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static Parsed<RolloutRequest> parse(String rollout) {
        return RolloutRequest.parse(
                StrictJson.parseObject(
                        "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\",\"b\"]},\"rollout\":" + rollout + "}"),
                NOW);
    }

    private static RolloutConfig config(String rollout) {
        return ((Parsed.Valid<RolloutRequest>) assertInstanceOf(Parsed.Valid.class, parse(rollout)))
                .value()
                .config();
    }

    private static List<String> errors(String rollout) {
        return assertInstanceOf(Parsed.Invalid.class, parse(rollout)).errors().stream()
                .map(e -> ((FieldError) e).field() + ": " + ((FieldError) e).message())
                .toList();
    }

    @Test
    void soakAndBothGatesParse() {
        WaveGates g = config("""
                {"waves":[10,100],"soakMinutes":30,"offlineMinutes":15,"gateTimeoutMinutes":120,
                 "healthGate":{"property":"health.status","value":"ok","minPercent":95},
                 "externalGate":{"url":"https://gate.example.com/fleetops","timeoutSeconds":8}}""").gates();
        assertEquals(Duration.ofMinutes(30), g.soak());
        assertEquals(Duration.ofMinutes(15), g.offlineMax());
        assertEquals(Duration.ofMinutes(120), g.gateTimeout());
        assertEquals(new WaveGates.HealthGate("health.status", "ok", 95), g.health());
        assertEquals(
                new WaveGates.ExternalGate("https://gate.example.com/fleetops", Duration.ofSeconds(8)), g.external());
    }

    @Test
    void aGatesSecretIsKeptButNeverPrinted() {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String body = "{\"externalGate\":{\"url\":\"https://g.example.com/x?code=k1\",\"secret\":\"" + secret + "\"}}";
        RolloutConfig c = config(body);
        assertEquals(secret, c.gates().external().secret());
        String printed = c.toString();
        org.junit.jupiter.api.Assertions.assertFalse(printed.contains("whsec_") || printed.contains("k1"), printed);
    }

    @Test
    void withoutThemWavesOpenAsBefore() {
        assertSame(WaveGates.NONE, config("{\"waves\":[10,100]}").gates());
        assertNull(config("{\"waves\":[10,100],\"soakMinutes\":10}").gates().external());
    }

    @Test
    void everyBadGateFieldIsNamed() {
        assertEquals(
                List.of("rollout.healthGate.property: must be a dotted path of at most 5 names (letters, digits, _)."),
                errors("{\"soakMinutes\":5,\"healthGate\":{\"property\":\"health.status' OR 1=1\",\"value\":\"ok\","
                        + "\"minPercent\":90}}"));
        assertEquals(
                List.of("rollout.healthGate.value: must be 1-64 letters, digits or _.:-"),
                errors("{\"healthGate\":{\"property\":\"health.status\",\"value\":\"ok'\",\"minPercent\":90}}"));
        assertEquals(
                List.of("rollout.healthGate.minPercent: must be a number in (0, 100]"),
                errors("{\"healthGate\":{\"property\":\"health.status\",\"value\":\"ok\",\"minPercent\":0}}"));
        assertEquals(
                1,
                errors("{\"externalGate\":{\"url\":\"ftp://gate.example.com\"}}")
                        .size());
        assertEquals(
                "rollout.externalGate.url",
                errors("{\"externalGate\":{\"url\":\"ftp://gate.example.com\"}}")
                        .get(0)
                        .split(":")[0]);
        assertEquals(
                "rollout.externalGate.timeoutSeconds",
                errors("{\"externalGate\":{\"url\":\"https://g.example.com\",\"timeoutSeconds\":31}}")
                        .get(0)
                        .split(":")[0]);
        assertEquals(
                List.of("rollout.externalGate.secret: must be a Standard Webhooks secret: whsec_ and base64 of 24 to 64"
                        + " bytes"),
                errors("{\"externalGate\":{\"url\":\"https://g.example.com\",\"secret\":\"whsec_c2hvcnQ=\"}}"));
        assertEquals(
                "rollout.soakMinutes", errors("{\"soakMinutes\":-1}").get(0).split(":")[0]);
        assertEquals(
                "rollout.soakMinutes", errors("{\"soakMinutes\":10081}").get(0).split(":")[0]);
        assertEquals(
                List.of("rollout.soakMinutes: is required with offlineMinutes or gateTimeoutMinutes"),
                errors("{\"offlineMinutes\":5}"));
        assertEquals("rollout.healthGate", errors("{\"healthGate\":[]}").get(0).split(":")[0]);
    }

    @Test
    void aStoredConfigurationWithoutGatesReadsAsNone() {
        String json = RolloutJson.config(config("{\"waves\":[10,100]}"));
        String gates = ",\"gates\":{\"soak\":\"PT0S\",\"gateTimeout\":\"PT1H\"}";
        org.junit.jupiter.api.Assertions.assertTrue(json.contains(gates), json);
        RolloutConfig stored = RolloutJson.config(json.replace(gates, ""));
        assertEquals(WaveGates.NONE, stored.gates());
        RolloutConfig gated =
                config("{\"soakMinutes\":30,\"healthGate\":{\"property\":\"health.status\",\"value\":\"ok\","
                        + "\"minPercent\":95}}");
        assertEquals(gated, RolloutJson.config(RolloutJson.config(gated)));
    }
}
