package dev.fleetops.core.timeline;

import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.text.SafeText;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of a device's timeline.
 *
 * @param key         where the entry sorts in its device's timeline ({@link TimelineKeys#key}): newest first, and
 *                    entries of one instant in the order they were written
 * @param kind        {@link Kind#ROLLOUT}: a fleet operation's row of the device changed; {@link Kind#COMMAND}: an
 *                    operator's command aimed at the device ended (from the audit log)
 * @param operationId the fleet operation, or the operation id of a single-device action; may be null
 * @param action      the operation's action ({@code firmwareUpdate} …) or the command's name ({@code Reboot},
 *                    {@code CancelOperationDevice}, {@code uploadLogs} …)
 * @param attempt     the rollout attempt (0 before the first dispatch); 0 for commands
 * @param state       the row's state ({@code queued}, {@code in_progress}, {@code succeeded} …) or the command's audit
 *                    outcome ({@code succeeded}, {@code refused} …)
 * @param detail      for people: the device's reported status, the dispatch answer, the audit detail; may be null
 * @param errorCode   the failure's stable code, or null
 * @param actor       who issued a command, where the audit knows it; null for the engine's own changes
 */
public record TimelineEntry(
        String deviceId,
        String key,
        Instant at,
        Kind kind,
        String operationId,
        String action,
        int attempt,
        String state,
        String detail,
        String errorCode,
        String errorMessage,
        AuditActor actor) {
    private static final Pattern KEY = Pattern.compile(TimelineKeys.KEY_PATTERN);
    /** Longest detail and error message kept: a device's report is hostile input and a table cell is not a log. */
    public static final int MAX_TEXT = 500;

    /** What wrote the entry. */
    public enum Kind {
        ROLLOUT,
        COMMAND;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TimelineEntry {
        Objects.requireNonNull(deviceId, "'deviceId' cannot be null.");
        Objects.requireNonNull(at, "'at' cannot be null.");
        Objects.requireNonNull(kind, "'kind' cannot be null.");
        Objects.requireNonNull(state, "'state' cannot be null.");
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'key' must have the form TimelineKeys.key gives: " + key);
        }
        detail = cleanOrNull(detail);
        errorCode = cleanOrNull(errorCode);
        errorMessage = cleanOrNull(errorMessage);
    }

    private static String cleanOrNull(String text) {
        String s = SafeText.clean(text, MAX_TEXT);
        return s == null || s.isEmpty() ? null : s;
    }
}
