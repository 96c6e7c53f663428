package dev.fleetops.device.logupload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Reads the agent's log files (oldest first), redacts every line in order, keeps the newest lines that fit in
 * {@code maxBytes} of UTF-8 text (a header line included) and gzips them. Memory stays bounded whatever the files hold:
 * a line is cut at {@link #MAX_LINE_CHARS} while it is read (the rest of it is skipped, never buffered), invalid UTF-8
 * is decoded as U+FFFD, and only the kept lines are held.
 */
public final class LogCollector {
    /** Longer lines are cut (a stack trace line is far shorter; a hex dump is not worth more). */
    public static final int MAX_LINE_CHARS = 16 * 1024;

    static final String CUT = " …[line cut]";
    private static final Pattern STAMP =
            Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z)");

    private LogCollector() {}

    /**
     * @param files    oldest first; missing ones are skipped
     * @param since    lines stamped before it are left out (unstamped lines, e.g. stack traces, follow their line);
     *                 null: all
     * @param header   first line of the file (who, when, what was asked)
     */
    public static LogBundle collect(List<Path> files, Instant since, long maxBytes, Redactor redactor, String header)
            throws IOException {
        long budget = maxBytes - utf8(header) - 1;
        Deque<String> kept = new ArrayDeque<>();
        long keptBytes = 0;
        boolean truncated = false;
        boolean include = since == null;
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                Reader r = new java.io.BufferedReader(new InputStreamReader(
                        in,
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPLACE)
                                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
                Lines lines = new Lines(r);
                String text;
                while ((text = lines.next()) != null) {
                    Instant stamp = stampOf(text);
                    if (stamp != null && since != null) {
                        include = !stamp.isBefore(since);
                    }
                    String clean = redactor.redact(text);
                    if (clean == null || !include) {
                        continue;
                    }
                    if (lines.wasCut()) {
                        clean = clean + CUT;
                        truncated = true;
                    }
                    long size = utf8(clean) + 1;
                    if (size > budget) {
                        truncated = true; // one line larger than everything asked for: not sent
                        continue;
                    }
                    kept.addLast(clean);
                    keptBytes += size;
                    while (keptBytes > budget) {
                        keptBytes -= utf8(kept.removeFirst()) + 1;
                        truncated = true;
                    }
                }
            } catch (NoSuchFileException e) {
                // rolled away between listing and reading
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write((header + "\n").getBytes(StandardCharsets.UTF_8));
            for (String l : kept) {
                gz.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return new LogBundle(bytes.toByteArray(), kept.size(), keptBytes + utf8(header) + 1, truncated);
    }

    /** Lines of a reader, each cut at {@link #MAX_LINE_CHARS} (the rest skipped unread into memory). */
    private static final class Lines {
        private final Reader in;
        private final StringBuilder line = new StringBuilder();
        private boolean cut;
        private boolean done;

        Lines(Reader in) {
            this.in = in;
        }

        /** The next line without its end, or null at the end of input. */
        String next() throws IOException {
            if (done) {
                return null;
            }
            line.setLength(0);
            cut = false;
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                        line.setLength(line.length() - 1);
                    }
                    return line.toString();
                }
                if (line.length() < MAX_LINE_CHARS) {
                    line.append((char) c);
                } else {
                    cut = true;
                }
            }
            done = true;
            return line.length() == 0 && !cut ? null : line.toString();
        }

        boolean wasCut() {
            return cut;
        }
    }

    private static Instant stampOf(String line) {
        Matcher m = STAMP.matcher(line);
        if (!m.find()) {
            return null;
        }
        try {
            return Instant.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long utf8(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
