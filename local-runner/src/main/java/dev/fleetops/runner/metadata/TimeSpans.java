package dev.fleetops.runner.metadata;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** .NET {@code TimeSpan} text as host.json writes it: {@code [d.]hh:mm:ss[.fffffff]}. */
final class TimeSpans {
    private static final Pattern SPAN =
            Pattern.compile("(-)?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?");

    private TimeSpans() {}

    /** @throws IllegalArgumentException for anything else (a bare number is refused: .NET would read it as days) */
    static Duration parse(String option, String text) {
        Matcher m = SPAN.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must be a TimeSpan such as \"00:00:30\", was '" + text + "'");
        }
        Duration d = Duration.ofDays(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
                .plusHours(Long.parseLong(m.group(3)))
                .plusMinutes(Long.parseLong(m.group(4)))
                .plusSeconds(m.group(5) == null ? 0 : Long.parseLong(m.group(5)));
        if (m.group(6) != null) {
            d = d.plusNanos(Long.parseLong((m.group(6) + "0000000").substring(0, 7)) * 100);
        }
        return m.group(1) != null ? d.negated() : d;
    }
}
