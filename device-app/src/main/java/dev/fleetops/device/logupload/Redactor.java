package dev.fleetops.device.logupload;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of log lines before they leave the device. A log should never hold one (the agent does not log
 * keys), but a handler's output, an SDK's exception message or an operator's debug line might; what leaves the device
 * is redacted whatever wrote it. One instance reads one log, line by line, in order: a PEM private key and a secret
 * split over a line break are only seen across lines.
 *
 * <p>Redacted: the device's own secrets given at construction (the connection string, its key; also URL-encoded);
 * {@code SharedAccessKey=…}, {@code AccountKey=…}, {@code SharedAccessSignature …}, {@code sig=…} query parameters,
 * {@code Bearer …} tokens, {@code password=…}/{@code client_secret=…}, and PEM private-key blocks. Control characters
 * and invalid text become U+FFFD, so a binary blob in a log cannot smuggle anything past the patterns or garble the
 * file.
 */
public final class Redactor {
    public static final String MARK = "[REDACTED]";
    static final String KEY_MARK = "[REDACTED PRIVATE KEY]";
    /** Shorter strings are too likely to be ordinary text to be replaced wherever they occur. */
    static final int MIN_SECRET = 8;
    /** A piece of a known secret at a line break is redacted from this length on. */
    static final int MIN_SPLIT = 6;

    private static final String VALUE_END = "[^\\s;&\"'<>,]+";
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?i)((?:SharedAccessKey|AccountKey|SharedAccessKeyName_?Key)\\s*[=:]\\s*)" + VALUE_END),
            Pattern.compile("(?i)(SharedAccessSignature\\s+)\\S+"),
            Pattern.compile("(?i)((?:^|[?&;\\s\"'(,])sig(?:=|%3D))[^&\\s\"';,)]+"),
            Pattern.compile("(?i)(Bearer\\s+)[A-Za-z0-9._~+/=-]+"),
            Pattern.compile("(?i)((?:password|passwd|client_secret|secret)\\s*[=:]\\s*)" + VALUE_END));
    /** A key marker at the end of a line whose value would follow on the next line. */
    private static final Pattern DANGLING = Pattern.compile(
            "(?i)(?:SharedAccessKey|AccountKey|SharedAccessSignature|sig|Bearer|password|client_secret)\\s*[=:]?\\s*$");

    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");
    private static final Pattern PEM_END = Pattern.compile("-----END [A-Z0-9 ]*PRIVATE KEY-----");
    private static final Pattern PEM_ONE_LINE =
            Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)");
    private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/=\\s]*|[A-Za-z-]+:.*");

    private final List<String> secrets = new ArrayList<>();
    /**
     * The secrets looked for in pieces at line breaks: keys, not the connection string, whose head
     * ({@code HostName=…}) is ordinary text.
     */
    private final List<String> splittable = new ArrayList<>();

    private boolean inPrivateKey;
    private boolean valueOnNextLine;
    private String secretRest;

    /** @param knownSecrets the device's own secrets (null and short entries are ignored) */
    public Redactor(List<String> knownSecrets) {
        for (String s : knownSecrets) {
            if (s != null && s.length() >= MIN_SECRET) {
                secrets.add(s);
                String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8);
                if (!encoded.equals(s)) {
                    secrets.add(encoded);
                }
            }
        }
        // Longest first: a connection string contains its key.
        secrets.sort((a, b) -> b.length() - a.length());
        for (String s : secrets) {
            if (s.indexOf(';') < 0) {
                splittable.add(s);
            }
        }
    }

    /** The line as it may leave the device, or null when the whole line is dropped (inside a private key). */
    public String redact(String raw) {
        String line = printable(raw);
        if (inPrivateKey) {
            if (PEM_END.matcher(line).find()) {
                inPrivateKey = false;
                String after = line.substring(endOf(PEM_END, line));
                return after.isBlank() ? null : redact(after);
            }
            if (BASE64_LINE.matcher(line).matches()) {
                return null;
            }
            inPrivateKey = false; // a key cut short: the block ended without its END line
        }
        Matcher begin = PEM_BEGIN.matcher(line);
        if (begin.find() && !PEM_END.matcher(line.substring(begin.end())).find()) {
            inPrivateKey = true;
            return patterns(line.substring(0, begin.start())) + KEY_MARK;
        }
        line = PEM_ONE_LINE.matcher(line).replaceAll(Matcher.quoteReplacement(KEY_MARK));
        if (secretRest != null) {
            String rest = secretRest;
            secretRest = null;
            if (line.startsWith(rest)) {
                line = MARK + line.substring(rest.length());
            }
        }
        if (valueOnNextLine) {
            valueOnNextLine = false;
            line = line.replaceFirst("^\\s*" + VALUE_END, Matcher.quoteReplacement(MARK));
        }
        line = patterns(known(line));
        line = splitAtEnd(line);
        valueOnNextLine = DANGLING.matcher(line).find();
        return line;
    }

    private String known(String line) {
        for (String s : secrets) {
            if (line.contains(s)) {
                line = line.replace(s, MARK);
            }
        }
        // A line that starts with the tail of a known secret (its head was on the line before, or cut off).
        for (String s : splittable) {
            for (int k = s.length() - 1; k >= MIN_SPLIT; k--) {
                if (line.startsWith(s.substring(s.length() - k))) {
                    return MARK + line.substring(k);
                }
            }
        }
        return line;
    }

    /** A line that ends with the head of a known secret: redact it, and the tail if the next line starts with it. */
    private String splitAtEnd(String line) {
        for (String s : splittable) {
            for (int k = Math.min(s.length() - 1, line.length()); k >= MIN_SPLIT; k--) {
                if (line.endsWith(s.substring(0, k))) {
                    secretRest = s.substring(k);
                    return line.substring(0, line.length() - k) + MARK;
                }
            }
        }
        return line;
    }

    private static String patterns(String line) {
        for (Pattern p : PATTERNS) {
            line = p.matcher(line).replaceAll("$1" + Matcher.quoteReplacement(MARK));
        }
        return line;
    }

    private static int endOf(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? m.end() : line.length();
    }

    /** Control characters (but tab) and lone surrogates become U+FFFD. */
    static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 && c != '\t'
                    || c == 0x7f
                    || Character.isHighSurrogate(c)
                            && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
            }
        }
        return out == null ? s : out.toString();
    }
}
