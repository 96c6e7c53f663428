package dev.fleetops.core.audit;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.hub.DeviceIds;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@code GET /api/audit} asks for: records with {@code from <= at < to} matching every filter given, a page at a
 * time. Built only by {@link #parse}, which treats the query string as hostile: every value is bounded, ids must have
 * their documented form, times must be ISO-8601 with a zone, {@code from <= to}, and the range at most
 * {@link #MAX_RANGE}.
 *
 * @param actorId an actor's object id (a GUID, lower case, or {@code automation:<name>}); never a display name
 */
public record AuditQuery(
        String deviceId,
        String operationId,
        String actorId,
        Instant from,
        Instant to,
        String continuationToken,
        int pageSize) {
    /** The query parameters {@link #parse} reads (OpenAPI documents exactly these). */
    public static final List<String> PARAMETERS =
            List.of("deviceId", "operationId", "actor", "from", "to", "continuationToken", "pageSize");

    public static final Duration MAX_RANGE = Duration.ofDays(31);
    /** Without {@code from}: this long before {@code to}. */
    public static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;
    public static final int MAX_TOKEN_CHARS = 2048;
    private static final int MAX_TIME_CHARS = 40;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");
    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public AuditQuery {
        Objects.requireNonNull(from, "'from' cannot be null.");
        Objects.requireNonNull(to, "'to' cannot be null.");
        if (from.isAfter(to) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("'from' must not be after 'to', and the range at most " + MAX_RANGE);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("'pageSize' must be 1-" + MAX_PAGE_SIZE);
        }
    }

    /** Everything in {@code [from, to)}, first page. */
    public static AuditQuery between(Instant from, Instant to) {
        return new AuditQuery(null, null, null, from, to, null, DEFAULT_PAGE_SIZE);
    }

    public AuditQuery withDevice(String id) {
        return new AuditQuery(id, operationId, actorId, from, to, continuationToken, pageSize);
    }

    public AuditQuery withOperation(String id) {
        return new AuditQuery(deviceId, id, actorId, from, to, continuationToken, pageSize);
    }

    public AuditQuery withActor(String objectId) {
        return new AuditQuery(deviceId, operationId, objectId, from, to, continuationToken, pageSize);
    }

    public AuditQuery withPage(String token, int size) {
        return new AuditQuery(deviceId, operationId, actorId, from, to, token, size);
    }

    /** Whether a record matches the filters and the time range (the stores' common definition). */
    public boolean matches(AuditRecord r) {
        return !r.at().isBefore(from)
                && r.at().isBefore(to)
                && (deviceId == null || deviceId.equals(r.target().deviceId()))
                && (operationId == null || operationId.equals(r.target().operationId()))
                && (actorId == null
                        || (r.actor() != null && actorId.equals(r.actor().objectId())));
    }

    /**
     * @param params the query string (names are case-sensitive; others are ignored, e.g. the function key's {@code code})
     * @param now    {@code to} when it is not given
     */
    public static Parsed<AuditQuery> parse(Map<String, String> params, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        String deviceId = value(params, "deviceId");
        if (deviceId != null && DeviceIds.problem(deviceId) != null) {
            errors.add(new FieldError("deviceId", DeviceIds.problem(deviceId)));
        }
        String operationId = value(params, "operationId");
        if (operationId != null && !OperationIds.isValid(operationId)) {
            errors.add(new FieldError(
                    "operationId",
                    "must be 1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        String actor = value(params, "actor");
        if (actor != null && !ACTOR.matcher(actor).matches()) {
            errors.add(new FieldError("actor", "must be an object id: 1-128 letters, digits and . _ @ : -"));
        } else if (actor != null && GUID.matcher(actor).matches()) {
            actor = actor.toLowerCase(Locale.ROOT); // as the authenticator stores object ids
        }
        Instant to = time(params, "to", errors);
        Instant from = time(params, "from", errors);
        String token = value(params, "continuationToken");
        if (token != null && token.length() > MAX_TOKEN_CHARS) {
            errors.add(new FieldError("continuationToken", "must be at most " + MAX_TOKEN_CHARS + " characters"));
        }
        int pageSize = DEFAULT_PAGE_SIZE;
        String size = value(params, "pageSize");
        if (size != null) {
            try {
                pageSize = size.length() > 4 ? -1 : Integer.parseInt(size);
            } catch (NumberFormatException e) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                errors.add(new FieldError("pageSize", "must be a whole number from 1 to " + MAX_PAGE_SIZE));
            }
        }
        if (!errors.isEmpty()) {
            return new Parsed.Invalid<>(errors);
        }
        to = to != null ? to : now;
        from = from != null ? from : to.minus(DEFAULT_RANGE);
        if (from.isAfter(to)) {
            return new Parsed.Invalid<>(List.of(
                    new FieldError("from", "must not be after 'to'" + (value(params, "to") == null ? " (now)" : ""))));
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            return new Parsed.Invalid<>(List.of(
                    new FieldError("from", "the range from..to must be at most 31 days; page through longer periods")));
        }
        return new Parsed.Valid<>(new AuditQuery(deviceId, operationId, actor, from, to, token, pageSize));
    }

    private static Instant time(Map<String, String> params, String name, List<FieldError> errors) {
        String raw = value(params, name);
        if (raw == null) {
            return null;
        }
        Instant t = null;
        if (raw.length() <= MAX_TIME_CHARS) {
            try {
                t = OffsetDateTime.parse(raw).toInstant();
            } catch (DateTimeParseException e) {
                t = null;
            }
        }
        if (t == null) {
            errors.add(
                    new FieldError(name, "must be an ISO-8601 date and time with a zone, e.g. 2026-06-01T10:00:00Z"));
            return null;
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            errors.add(new FieldError(name, "must be between the years 2000 and 9999"));
            return null;
        }
        return t;
    }

    /** The parameter's value, or null when absent or empty; absurdly long values are cut so no check works on them whole. */
    private static String value(Map<String, String> params, String name) {
        String v = params == null ? null : params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return v.length() > MAX_TOKEN_CHARS + 1 ? v.substring(0, MAX_TOKEN_CHARS + 1) : v;
    }
}
