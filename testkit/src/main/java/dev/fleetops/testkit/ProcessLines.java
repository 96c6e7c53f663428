package dev.fleetops.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The output lines of a child process, read as they come on a thread of their own, so a test can wait for
 * the line that signals a step ({@code HTTPS 8443}, {@code STEP verified}) without blocking on a read
 * that never returns. Use the process's standard output (or both streams, with {@code redirectErrorStream}).
 */
public final class ProcessLines {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private ProcessLines(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "process-lines-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts reading {@code process}'s standard output. */
    public static ProcessLines of(Process process) {
        return new ProcessLines(process);
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process died: what was read stays readable
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /**
     * The first line so far or within {@code timeout} that matches; fails with the output when the process
     * ends or the time is up without one.
     */
    public synchronized String await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int seen = 0; ; ) {
            for (; seen < lines.size(); seen++) {
                if (match.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError((ended ? "the process ended" : "no such line within " + timeout)
                        + " without the awaited line; its output:\n" + String.join("\n", lines));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The first line that starts with {@code prefix}, without the prefix and trimmed. */
    public String awaitValue(String prefix, Duration timeout) throws InterruptedException {
        return await(l -> l.startsWith(prefix), timeout)
                .substring(prefix.length())
                .trim();
    }

    /** Every line read so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
