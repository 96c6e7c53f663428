package dev.fleetops.runner.stack.demo;

import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * One operation's progress as a text bar: {@code #} succeeded, {@code x} failed (failed, timed out or
 * rejected), {@code >} in progress, {@code .} queued, {@code -} canceled or removed. Pure: the demo
 * decides where the line goes (redrawn in place on a terminal, one line per change otherwise).
 */
public final class ProgressBar {
    static final int WIDTH = 30;

    private ProgressBar() {}

    /** The bar for the {@code counts} object of {@code GET /api/operations/{id}}. */
    public static String render(String label, String state, JsonObject counts) {
        long ok = count(counts, "succeeded");
        long failed = count(counts, "failed") + count(counts, "timed_out") + count(counts, "rejected");
        long running = count(counts, "in_progress");
        long queued = count(counts, "queued");
        long dropped = count(counts, "canceled") + count(counts, "removed");
        long total = ok + failed + running + queued + dropped;
        StringBuilder bar = new StringBuilder(WIDTH);
        long[] parts = {ok, failed, running, queued, dropped};
        char[] marks = {'#', 'x', '>', '.', '-'};
        long before = 0;
        for (int i = 0; i < parts.length; i++) {
            // Cumulative rounding, so the segments always add up to exactly WIDTH.
            int from = cells(before, total);
            before += parts[i];
            bar.append(String.valueOf(marks[i]).repeat(cells(before, total) - from));
        }
        bar.append(" ".repeat(WIDTH - bar.length()));
        return String.format(
                Locale.ROOT,
                "%-22s [%s] %3d/%-3d ok, %d failed, %d running, %d queued, %d canceled  %s",
                label,
                bar,
                ok,
                total,
                failed,
                running,
                queued,
                dropped,
                state);
    }

    private static int cells(long upTo, long total) {
        return total == 0 ? 0 : (int) Math.round((double) upTo * WIDTH / total);
    }

    private static long count(JsonObject counts, String name) {
        return counts != null && counts.has(name) ? counts.get(name).getAsLong() : 0;
    }
}
