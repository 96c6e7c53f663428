package dev.fleetops.functions.http;

import static dev.fleetops.functions.http.DeviceActionFunctionsTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.functions.support.TestAccess;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RolloutReportFunctionTest {
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final RolloutReportFunction function = new RolloutReportFunction(
            () -> new RolloutControl(store, Clock.fixed(RolloutReportBrowserIT.NOW, ZoneOffset.UTC)),
            TestAccess.admin());
    private final TestContext context = new TestContext("OperationReport");

    @Test
    void servesTheReportAsStrictHtml() {
        store.create(RolloutReportBrowserIT.rollout(), RolloutReportBrowserIT.executions(), null, null);
        TestHttpResponse r = TestHttpResponse.of(
                function.report(TestHttpRequest.get("/api/operations/x/report"), RolloutReportBrowserIT.ID, context));
        assertEquals(200, r.code());
        assertEquals("text/html; charset=utf-8", r.getHeader("Content-Type"));
        assertEquals(
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:", r.getHeader("Content-Security-Policy"));
        assertTrue(((String) r.getBody()).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void unknownIdsAre404AndMalformedOnes400() {
        assertProblem(
                TestHttpResponse.of(function.report(
                        TestHttpRequest.get("/api/operations/x/report"),
                        "0f8fad5b-d9cb-469f-a165-70867728950e",
                        context)),
                404,
                "operation-not-found");
        assertProblem(
                TestHttpResponse.of(
                        function.report(TestHttpRequest.get("/api/operations/x/report"), "../etc", context)),
                400,
                "invalid-request");
    }
}
