package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's preview: what a create request would target, decided without writing anything. The hub's side (the
 * COUNT() and sample queries on a real query engine) is tested end to end in e2e/ApprovalHttpIT.
 */
class RolloutPreviewTest {
    private final List<String> queries = new ArrayList<>();
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private long matching = 250_000;

    private final TwinQueries hub = (q, max) -> {
        queries.add(q + " max=" + max);
        if (q.startsWith("SELECT COUNT() AS n ")) {
            return List.of(StrictJson.parseObject("{\"n\":" + matching + "}"));
        }
        if (q.startsWith("SELECT deviceId FROM devices WHERE deviceId IN")) {
            return List.of(
                    StrictJson.parseObject("{\"deviceId\":\"d1\"}"), StrictJson.parseObject("{\"deviceId\":\"d2\"}"));
        }
        List<JsonObject> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(max, matching); i++) {
            rows.add(StrictJson.parseObject("{\"deviceId\":\"f" + i + "\"}"));
        }
        return rows;
    };

    private RolloutService service(ApprovalPolicy approvals) {
        return new RolloutService(
                store, TestClock.at(Instant.parse("2026-06-01T00:00:00Z")), Auditor.NONE, approvals, hub);
    }

    private RolloutPreview ready(RolloutService.PreviewOutcome outcome) {
        return assertInstanceOf(RolloutService.PreviewOutcome.Ready.class, outcome)
                .preview();
    }

    @Test
    void aFilterIsCountedAndSampledWithTwoBoundedQueries() {
        matching = 40;
        RolloutPreview p = ready(service(ApprovalPolicy.OFF)
                .preview(StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"site\":"
                        + "\"berlin\"}}},\"rollout\":{\"waves\":[10,100]}}")));
        assertEquals(40, p.deviceCount());
        assertEquals(RolloutPreview.SAMPLE_SIZE, p.sample().size());
        assertEquals(List.of(4, 36), p.waveSizes());
        assertNull(p.problem());
        assertEquals(
                List.of(
                        "SELECT COUNT() AS n FROM devices WHERE tags.site = 'berlin' max=1",
                        "SELECT deviceId FROM devices WHERE tags.site = 'berlin' max=20"),
                queries);
        assertTrue(store.list(10).isEmpty(), "nothing written");
    }

    @Test
    void aFilterMatchingTooManyOrNoDevicesSaysWhyItWouldNotStart() {
        RolloutPreview many = ready(service(ApprovalPolicy.OFF)
                .preview(StrictJson.parseObject(
                        "{\"action\":\"reboot\",\"target\":{\"filter\":{\"reported\":{\"fw\":\"1.0\"}}}}")));
        assertEquals(250_000, many.deviceCount());
        assertTrue(many.problem().contains("at most " + RolloutService.MAX_DEVICES), many.problem());
        matching = 0;
        queries.clear();
        RolloutPreview none = ready(service(ApprovalPolicy.OFF)
                .preview(StrictJson.parseObject(
                        "{\"action\":\"reboot\",\"target\":{\"filter\":{\"reported\":{\"fw\":\"1.0\"}}}}")));
        assertEquals("the filter matches no device now", none.problem());
        assertEquals(1, queries.size(), "no sample query for an empty match");
    }

    @Test
    void aDeviceListNamesUnknownIdsAndSaysItNeedsApproval() {
        RolloutService.PreviewOutcome unknown = service(ApprovalPolicy.OFF)
                .preview(StrictJson.parseObject(
                        "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"d1\",\"ghost\",\"d2\"]}}"));
        assertEquals(
                "target.deviceIds[1]",
                assertInstanceOf(RolloutService.PreviewOutcome.Invalid.class, unknown)
                        .errors()
                        .get(0)
                        .field());
        RolloutPreview reset = ready(service(ApprovalPolicy.required(1000, Duration.ofHours(24)))
                .preview(StrictJson.parseObject(
                        "{\"action\":\"factoryReset\",\"target\":{\"deviceIds\":[\"d1\",\"d2\"]}}")));
        assertEquals("deviceList", reset.targetKind());
        assertEquals(List.of("d1", "d2"), reset.sample());
        assertEquals("a factoryReset of more than one device", reset.approvalReason());
    }

    @Test
    void aBadRequestGetsTheSameErrorsAsCreateAndAHubOutageIsNotAPreview() {
        RolloutService.PreviewOutcome bad = service(ApprovalPolicy.OFF)
                .preview(StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[]}}"));
        assertInstanceOf(RolloutService.PreviewOutcome.Invalid.class, bad);
        TwinQueries down = (q, max) -> {
            throw new HubCallException(new HubFailure(HubFailure.Kind.UNAVAILABLE, 503, 503001, "down", null));
        };
        RolloutService s = new RolloutService(
                store, TestClock.at(Instant.parse("2026-06-01T00:00:00Z")), Auditor.NONE, ApprovalPolicy.OFF, down);
        assertThrows(
                HubCallException.class,
                () -> s.preview(StrictJson.parseObject(
                        "{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"a\":1}}}}")));
    }
}
