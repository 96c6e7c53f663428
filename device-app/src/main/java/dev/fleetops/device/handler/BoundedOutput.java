package dev.fleetops.device.handler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a handler's output that goes into the reported error: its first and last lines, each cut short,
 * so a chatty or runaway handler cannot blow up a twin patch (reported properties hold 32 KiB in all; 40 lines of
 * 120 characters stay under 5 KiB). The whole output goes to the log instead.
 * Thread-safe: filled by the output reader, read by the caller after the process ended.
 */
public final class BoundedOutput {
    public static final int HEAD_LINES = 20;
    public static final int TAIL_LINES = 20;
    public static final int MAX_LINE_CHARS = 120;

    private final int headLines;
    private final int tailLines;
    private final List<String> head = new ArrayList<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private long lines;

    public BoundedOutput() {
        this(HEAD_LINES, TAIL_LINES);
    }

    BoundedOutput(int headLines, int tailLines) {
        this.headLines = headLines;
        this.tailLines = tailLines;
    }

    public synchronized void add(String line) {
        lines++;
        String clean = clean(line);
        if (head.size() < headLines) {
            head.add(clean);
            return;
        }
        tail.addLast(clean);
        if (tail.size() > tailLines) {
            tail.removeFirst();
        }
    }

    public synchronized long lines() {
        return lines;
    }

    /** The kept lines joined by newlines, with a marker where lines were left out; empty if there was no output. */
    public synchronized String summary() {
        List<String> out = new ArrayList<>(head);
        long omitted = lines - head.size() - tail.size();
        if (omitted > 0) {
            out.add("… " + omitted + " lines omitted …");
        }
        out.addAll(tail);
        return String.join("\n", out);
    }

    /** Cut to {@link #MAX_LINE_CHARS}; control characters (terminal escapes) become '?'. */
    static String clean(String line) {
        String cut = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) && c != '\t' ? '?' : c));
        return b.toString();
    }
}
