package dev.fleetops.device.logupload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCollectorTest {
    @TempDir
    Path dir;

    private static String text(LogBundle b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b.gzip()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static LogBundle collect(List<Path> files, Instant since, long max) throws IOException {
        return LogCollector.collect(files, since, max, new Redactor(List.of("SECRETKEYVALUE")), "# header");
    }

    @Test
    void olderFileFirstThenTheCurrentOneAllRedacted() throws IOException {
        Path old = file("agent.log.1", "2026-12-01T10:00:00.000Z INFO a\n");
        Path cur = file("agent.log", "2026-12-01T11:00:00.000Z INFO b SECRETKEYVALUE\n");
        LogBundle b = collect(List.of(old, cur, dir.resolve("missing")), null, 4096);
        assertEquals(
                "# header\n2026-12-01T10:00:00.000Z INFO a\n2026-12-01T11:00:00.000Z INFO b " + Redactor.MARK + "\n",
                text(b));
        assertEquals(2, b.lines());
        assertFalse(b.truncated());
    }

    @Test
    void theNewestLinesThatFitAreKeptAndTheTextStaysWithinMaxBytes() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("2026-12-01T10:00:00.000Z INFO line ").append(i).append('\n');
        }
        LogBundle b = collect(List.of(file("agent.log", sb.toString())), null, 2048);
        String t = text(b);
        assertTrue(t.getBytes(StandardCharsets.UTF_8).length <= 2048, "size " + t.length());
        assertEquals(t.getBytes(StandardCharsets.UTF_8).length, b.textBytes());
        assertTrue(t.endsWith("line 9999\n"), t);
        assertFalse(t.contains("line 0\n"));
        assertTrue(b.truncated());
    }

    @Test
    void sinceKeepsLaterLinesWithTheirUnstampedContinuations() throws IOException {
        Path f = file(
                "agent.log",
                "2026-12-01T09:59:59.999Z WARN old\n\tat Old.trace\n"
                        + "2026-12-01T10:00:00.000Z ERROR new\n\tat New.trace\n");
        String t = text(collect(List.of(f), Instant.parse("2026-12-01T10:00:00Z"), 4096));
        assertEquals("# header\n2026-12-01T10:00:00.000Z ERROR new\n\tat New.trace\n", t);
    }

    @Test
    void aHugeLineIsCutWhileReadingAndBinaryIsMadePrintable() throws IOException {
        byte[] junk = new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 'o', 'k'};
        Path f = dir.resolve("agent.log");
        try (var out = Files.newOutputStream(f)) {
            out.write(("A".repeat(5_000_000) + "SECRETKEYVALUE\n").getBytes(StandardCharsets.UTF_8));
            out.write(junk);
            out.write("\nlast\n".getBytes(StandardCharsets.UTF_8));
        }
        LogBundle b = collect(List.of(f), null, 1024 * 1024);
        String t = text(b);
        String[] lines = t.split("\n");
        assertEquals(LogCollector.MAX_LINE_CHARS + LogCollector.CUT.length(), lines[1].length());
        assertFalse(t.contains("SECRETKEYVALUE"));
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFDok", lines[2]);
        assertEquals("last", lines[3]);
        assertTrue(b.truncated());
    }

    @Test
    void aLineLargerThanTheWholeBudgetIsLeftOut() throws IOException {
        Path f = file("agent.log", "x".repeat(3000) + "\nsmall\n");
        LogBundle b = collect(List.of(f), null, 2048);
        assertEquals("# header\nsmall\n", text(b));
        assertTrue(b.truncated());
    }
}
