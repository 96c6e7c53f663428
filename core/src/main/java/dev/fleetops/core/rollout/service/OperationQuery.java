package dev.fleetops.core.rollout.service;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.rollout.RolloutState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One page of {@code GET /api/operations}: newest first, optionally only some states and one action, continuing
 * after the last operation of the previous page. The continuation token is that operation's creation time and id,
 * so a page never repeats or skips an operation when new ones are created between pages.
 *
 * @param states   the states asked for; empty for all
 * @param action   a method name, or null for all
 * @param after    the last operation of the previous page, or null for the first page
 * @param pageSize 1 to {@link #MAX_PAGE_SIZE}
 */
public record OperationQuery(Set<RolloutState> states, String action, Position after, int pageSize) {
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;
    private static final String TOKEN_VERSION = "o1";

    /** Where a page ended: newest first by creation time, then by id. */
    public record Position(Instant createdAt, String id) {
        boolean isAfter(StoredRollout r) {
            int byTime = r.rollout().createdAt().compareTo(createdAt);
            return byTime < 0 || (byTime == 0 && r.rollout().id().compareTo(id) < 0);
        }
    }

    public OperationQuery {
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    }

    public static OperationQuery firstPage(int pageSize) {
        return new OperationQuery(Set.of(), null, null, pageSize);
    }

    /**
     * From query parameters {@code state} (comma-separated wire names), {@code action}, {@code pageSize} and
     * {@code continuationToken}; errors name the parameter.
     */
    public static Parsed<OperationQuery> parse(Map<String, String> params) {
        List<FieldError> errors = new ArrayList<>();
        Set<RolloutState> states = EnumSet.noneOf(RolloutState.class);
        String state = params.get("state");
        if (state != null) {
            for (String name : state.split(",", -1)) {
                RolloutState s = byWireName(name.strip());
                if (s == null) {
                    errors.add(new FieldError(
                            "state",
                            "'" + shorten(name) + "' is not an operation state; one of "
                                    + String.join(", ", wireNames())));
                } else {
                    states.add(s);
                }
            }
        }
        String action = params.get("action");
        if (action != null
                && Action.all().stream().noneMatch(a -> a.methodName().equals(action))) {
            errors.add(new FieldError(
                    "action",
                    "'" + shorten(action) + "' is not an action; one of "
                            + String.join(
                                    ", ",
                                    Action.all().stream()
                                            .map(Action::methodName)
                                            .toList())));
        }
        int pageSize = DEFAULT_PAGE_SIZE;
        String size = params.get("pageSize");
        if (size != null) {
            if (!size.matches("\\d{1,4}") || Integer.parseInt(size) < 1 || Integer.parseInt(size) > MAX_PAGE_SIZE) {
                errors.add(new FieldError("pageSize", "must be a whole number from 1 to " + MAX_PAGE_SIZE));
            } else {
                pageSize = Integer.parseInt(size);
            }
        }
        Position after = null;
        String token = params.get("continuationToken");
        if (token != null) {
            after = decode(token);
            if (after == null) {
                errors.add(new FieldError("continuationToken", "is not a token this API returned"));
            }
        }
        return errors.isEmpty()
                ? new Parsed.Valid<>(new OperationQuery(states, action, after, pageSize))
                : new Parsed.Invalid<>(errors);
    }

    /** What the store keeps while it scans, newest first. */
    public Predicate<StoredRollout> keeps() {
        return r -> (states.isEmpty() || states.contains(r.rollout().state()))
                && (action == null || action.equals(r.action()))
                && (after == null || after.isAfter(r));
    }

    public static String token(StoredRollout last) {
        String raw = TOKEN_VERSION + "|" + last.rollout().createdAt() + "|"
                + last.rollout().id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String token) {
        if (token.length() > 200) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals(TOKEN_VERSION) || !parts[2].matches("[A-Za-z0-9-]{1,64}")) {
                return null;
            }
            return new Position(Instant.parse(parts[1]), parts[2]);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static RolloutState byWireName(String name) {
        for (RolloutState s : RolloutState.values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static List<String> wireNames() {
        List<String> out = new ArrayList<>();
        for (RolloutState s : RolloutState.values()) {
            out.add(s.wireName());
        }
        return out;
    }

    private static String shorten(String s) {
        return dev.fleetops.core.text.SafeText.clean(s, 40);
    }
}
