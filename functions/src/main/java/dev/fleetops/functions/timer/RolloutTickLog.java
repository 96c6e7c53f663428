package dev.fleetops.functions.timer;

import dev.fleetops.core.rollout.service.RolloutSummary;
import dev.fleetops.core.rollout.service.RolloutTicker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One structured log line per rollout per tick, for operators (the line keeps the API's word, operation): fixed keys in a fixed
 * order, {@code key=value} separated by single spaces, values without spaces, so Application Insights
 * queries can {@code parse} them (docs/operations-monitoring.md). Example:
 *
 * <pre>fleetops.operation.tick operationId=7c1e… action=firmwareUpdate state=running deviceCount=500 dispatched=40 succeeded=312 failed=3 timedOut=1 rejected=0 canceled=0 inProgress=40 queued=144 skipped=false</pre>
 *
 * <p>{@code dispatched} is the number of devices this tick invoked; the other counts are devices per
 * execution state after the tick. Counts of an operation that could not be read are {@code -1}.
 */
public final class RolloutTickLog {
    /** The first token of every line: filter on it. */
    public static final String EVENT = "fleetops.operation.tick";

    private RolloutTickLog() {}

    /** The line for one tick report and the operation's summary after the tick (if it could be read). */
    public static String line(RolloutTicker.TickReport report, Optional<RolloutSummary> summary) {
        Map<String, Long> counts = summary.map(RolloutSummary::counts).orElse(null);
        return EVENT
                + " operationId=" + token(report.id())
                + " action=" + token(summary.map(RolloutSummary::action).orElse(null))
                + " state=" + token(report.state())
                + " deviceCount=" + summary.map(s -> (long) s.deviceCount()).orElse(-1L)
                + " dispatched=" + report.dispatched()
                + " succeeded=" + count(counts, "succeeded")
                + " failed=" + count(counts, "failed")
                + " timedOut=" + count(counts, "timed_out")
                + " rejected=" + count(counts, "rejected")
                + " canceled=" + count(counts, "canceled")
                + " inProgress=" + count(counts, "in_progress")
                + " queued=" + count(counts, "queued")
                + " skipped=" + report.skipped();
    }

    /** Logs one line per report; {@code summaries} reads an operation's summary by id. */
    public static void log(
            Logger logger,
            List<RolloutTicker.TickReport> reports,
            Function<String, Optional<RolloutSummary>> summaries) {
        for (RolloutTicker.TickReport r : reports) {
            Optional<RolloutSummary> s;
            try {
                s = summaries.apply(r.id());
            } catch (RuntimeException e) {
                s = Optional.empty();
            }
            logger.info(line(r, s));
        }
    }

    private static long count(Map<String, Long> counts, String state) {
        if (counts == null) {
            return -1;
        }
        Long n = counts.get(state);
        return n == null ? 0 : n;
    }

    private static String token(String value) {
        return value == null || value.isEmpty() ? "-" : value.replaceAll("[\\s=]", "_");
    }
}
