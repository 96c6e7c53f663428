package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.rollout.MaintenanceWindow;
import dev.fleetops.core.rollout.RolloutConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operation's window in a named zone, the install window of download-now-install-later, and their 400s. */
class MaintenanceWindowRequestTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String SHA = "a".repeat(64);

    private static Parsed<RolloutRequest> parse(String json) {
        return RolloutRequest.parse(StrictJson.parseObject(json), NOW);
    }

    private static RolloutRequest valid(String json) {
        return assertInstanceOf(Parsed.Valid.class, parse(json)) instanceof Parsed.Valid<?> v
                ? (RolloutRequest) v.value()
                : null;
    }

    private static List<String> fields(String json) {
        return assertInstanceOf(Parsed.Invalid.class, parse(json)).errors().stream()
                .map(e -> ((FieldError) e).field())
                .toList();
    }

    private static String reboot(String window) {
        return "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"]},\"maintenanceWindow\":" + window + "}";
    }

    private static String firmware(String installWindow, String extra) {
        return "{\"action\":\"firmwareUpdate\",\"target\":{\"deviceIds\":[\"a\"]},\"firmware\":{\"version\":\"2.0.0\","
                + "\"packageUri\":\"https://cdn.example/fw.bin\",\"sha256\":\"" + SHA + "\""
                + (installWindow == null ? "" : ",\"installWindow\":" + installWindow) + "}" + extra + "}";
    }

    @Test
    void aWindowInANamedZoneFollowsItsDaylightSavingTime() {
        MaintenanceWindow w = valid(
                        reboot("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"Europe/Berlin\"}"))
                .config()
                .window();
        assertEquals(new MaintenanceWindow(LocalTime.of(2, 0), Duration.ofHours(1), "Europe/Berlin"), w);
        assertTrue(w.isOpen(Instant.parse("2026-01-10T01:30:00Z")), "CET: 02:30 local");
        assertFalse(w.isOpen(Instant.parse("2026-07-10T01:30:00Z")), "CEST: 03:30 local");
        assertTrue(w.isOpen(Instant.parse("2026-07-10T00:30:00Z")), "CEST: 02:30 local");
    }

    @Test
    void startWithoutAZoneAndTheOlderStartUtcAreBothUtc() {
        MaintenanceWindow plain = valid(reboot("{\"start\":\"22:00\",\"durationMinutes\":240}"))
                .config()
                .window();
        MaintenanceWindow legacy = valid(reboot("{\"startUtc\":\"22:00\",\"durationMinutes\":240}"))
                .config()
                .window();
        assertEquals(plain, legacy);
        assertEquals(ZoneOffset.UTC, legacy.zone());
        assertNull(legacy.timeZone());
    }

    @Test
    void aStoredWindowFromBeforeZonesReadsAsUtc() {
        RolloutConfig stored = RolloutConfig.simple(60, Duration.ofMinutes(30));
        String json = RolloutJson.config(stored)
                .replace("\"window\":null", "")
                .replaceFirst("\\}$", ",\"window\":{\"startUtc\":\"22:00\",\"duration\":\"PT4H\"}}");
        MaintenanceWindow w = RolloutJson.config(json).window();
        assertEquals(new MaintenanceWindow(LocalTime.of(22, 0), Duration.ofHours(4)), w);
        assertTrue(w.isOpen(Instant.parse("2026-01-01T23:00:00Z")));
        RolloutConfig withZone = valid(
                        reboot("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"Asia/Tokyo\"}"))
                .config();
        MaintenanceWindow zoned = new MaintenanceWindow(LocalTime.of(2, 0), Duration.ofHours(1), "Asia/Tokyo");
        assertEquals(zoned, RolloutJson.config(RolloutJson.config(withZone)).window());
        assertTrue(RolloutJson.config(withZone).contains("\"startUtc\":\"02:00\""), "stored under its old name");
    }

    @Test
    void aWindowInEachDevicesOwnTimeIsAccepted() {
        MaintenanceWindow w = valid(reboot("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"device\"}"))
                .config()
                .window();
        assertTrue(w.perDevice());
        assertTrue(w.isOpen(NOW), "the operation's own check leaves it to the devices");
        assertEquals(
                w,
                RolloutJson.config(RolloutJson.config(
                                valid(reboot("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"device\"}"))
                                        .config()))
                        .window());
    }

    @Test
    void badWindowsAreNamedField() {
        assertEquals(
                List.of("maintenanceWindow.timeZone"),
                fields(reboot("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"+05:00\"}")));
        assertEquals(
                List.of("maintenanceWindow.timeZone"),
                fields(reboot("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"Nowhere/City\"}")));
        assertEquals(List.of("maintenanceWindow.start"), fields(reboot("{\"start\":\"2am\",\"durationMinutes\":60}")));
        assertEquals(
                List.of("maintenanceWindow.durationMinutes"),
                fields(reboot("{\"start\":\"02:00\",\"durationMinutes\":1441}")));
        assertEquals(
                List.of("maintenanceWindow.start"),
                fields(reboot("{\"start\":\"02:00\",\"startUtc\":\"02:00\",\"durationMinutes\":60}")));
        assertEquals(List.of("maintenanceWindow.start"), fields(reboot("{\"durationMinutes\":60}")));
        assertEquals(
                List.of("maintenanceWindow.timeZone"),
                fields(reboot("{\"startUtc\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"Europe/Berlin\"}")));
    }

    @Test
    void anInstallWindowGoesToTheDevicesAndTheTimeoutAllowsForTheWait() {
        RolloutRequest r = valid(firmware(
                "{\"start\":\"02:00\",\"durationMinutes\":120,\"timeZone\":\"device\"}",
                ",\"deviceTimeoutMinutes\":30"));
        assertEquals(
                "device",
                r.actionPayload()
                        .getAsJsonObject("installWindow")
                        .get("timeZone")
                        .getAsString());
        assertEquals(
                Duration.ofMinutes(30).plus(RolloutRequest.INSTALL_WAIT_ALLOWANCE),
                r.config().perDeviceTimeout());
        assertNull(r.config().window(), "download now: the operation itself is not held back");

        RolloutRequest plain = valid(firmware(null, ",\"deviceTimeoutMinutes\":30"));
        assertEquals(Duration.ofMinutes(30), plain.config().perDeviceTimeout());
    }

    @Test
    void aBadInstallWindowIsNamedUnderFirmware() {
        assertEquals(
                List.of("firmware.installWindow.timeZone"),
                fields(firmware("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"UTC+5\"}", "")));
        assertEquals(
                List.of("firmware.installWindow.start", "firmware.installWindow.durationMinutes"),
                fields(firmware("{\"start\":\"26:00\",\"durationMinutes\":0,\"timeZone\":\"device\"}", "")));
    }
}
