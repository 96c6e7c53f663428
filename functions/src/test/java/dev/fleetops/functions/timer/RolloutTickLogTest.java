package dev.fleetops.functions.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetops.core.rollout.RolloutEvent;
import dev.fleetops.core.rollout.service.RolloutSummary;
import dev.fleetops.core.rollout.service.RolloutTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class RolloutTickLogTest {
    private static final String ID = "7c1e0000-0000-4000-8000-000000000001";

    @Test
    void aTickBecomesOneLineWithFixedKeys() {
        RolloutSummary s = new RolloutSummary(
                ID,
                "running",
                null,
                "firmwareUpdate",
                500,
                2,
                "api",
                "t",
                "t",
                Map.of("succeeded", 312L, "failed", 3L, "timed_out", 1L, "in_progress", 40L, "queued", 144L),
                List.of(),
                10,
                9,
                100L);
        String line = RolloutTickLog.line(
                new RolloutTicker.TickReport(
                        ID, "running", 40, 52, List.of(new RolloutEvent.WaveOpened(2, 1, 100, 95)), false),
                Optional.of(s));
        assertEquals(
                "fleetops.operation.tick operationId=" + ID
                        + " action=firmwareUpdate state=running deviceCount=500 dispatched=40"
                        + " succeeded=312 failed=3 timedOut=1 rejected=0 canceled=0 inProgress=40 queued=144 skipped=false",
                line);
    }

    @Test
    void anUnreadableOperationStillLogsItsTickWithUnknownCounts() {
        List<String> lines = new ArrayList<>();
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        RolloutTickLog.log(logger, List.of(new RolloutTicker.TickReport(ID, "running", 0, 0, List.of(), true)), id -> {
            throw new IllegalStateException("storage down");
        });
        assertEquals(
                List.of(
                        "fleetops.operation.tick operationId=" + ID
                                + " action=- state=running deviceCount=-1 dispatched=0"
                                + " succeeded=-1 failed=-1 timedOut=-1 rejected=-1 canceled=-1 inProgress=-1 queued=-1 skipped=true"),
                lines);
    }
}
