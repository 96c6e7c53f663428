package dev.fleetops.core.rollout.service;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.InstallWindow;
import dev.fleetops.contract.JsonFields;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.contract.TimeZones;
import dev.fleetops.core.hub.DeviceIds;
import dev.fleetops.core.rollout.AbortCriterion;
import dev.fleetops.core.rollout.FailureType;
import dev.fleetops.core.rollout.MaintenanceWindow;
import dev.fleetops.core.rollout.RatePolicy;
import dev.fleetops.core.rollout.RetryPolicy;
import dev.fleetops.core.rollout.RolloutConfig;
import dev.fleetops.core.rollout.WaveGates;
import dev.fleetops.core.rollout.WavePlan;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A validated {@code POST /api/operations} body. Parsing collects every field error (named by JSON
 * path) instead of stopping at the first, and builds nothing that is not valid.
 *
 * @param action        the action to run
 * @param actionPayload the method payload without operation id (from the action's {@link Action#rolloutPayload()} field)
 * @param deviceIds     explicit targets, or null when {@code filter} selects them
 */
public record RolloutRequest(
        Action<?, ?> action,
        JsonObject actionPayload,
        List<String> deviceIds,
        TargetFilter filter,
        RolloutConfig config) {
    public static final int MAX_EXPLICIT_DEVICES = 10_000;
    private static final Set<String> COMMON = JsonFields.fields(
            "action",
            "target",
            "rollout",
            "abort",
            "deviceTimeoutMinutes",
            "retry",
            "startAt",
            "deadline",
            "maintenanceWindow");
    /** Every top-level field: the common ones and each action's payload field ({@code firmware}, {@code reboot}). */
    private static final Set<String> TOP = topFields(Action.all());

    public static Parsed<RolloutRequest> parse(JsonObject body, Instant now) {
        return parse(body, now, Action.all());
    }

    /** As {@link #parse(JsonObject, Instant)}, for rollouts of {@code actions} (FleetOps ships {@link Action#all()}). */
    public static Parsed<RolloutRequest> parse(JsonObject body, Instant now, List<Action<?, ?>> actions) {
        List<FieldError> errors = new ArrayList<>();
        JsonFields top = new JsonFields(body, actions.equals(Action.all()) ? TOP : topFields(actions), true);
        String actionName = top.string("action", true, 32);
        Action<?, ?> action =
                actionName == null ? null : Action.find(actions, actionName).orElse(null);
        if (actionName != null && action == null) {
            top.error("action", "must be " + Action.describe(actions));
        }
        JsonObject payload = action == null ? null : payload(action, body, top);
        Object[] target = target(body.get("target"), errors);
        Duration waitAllowance =
                payload != null && payload.has("installWindow") ? INSTALL_WAIT_ALLOWANCE : Duration.ZERO;
        RolloutConfig config = config(body, top, now, errors, waitAllowance);
        errors.addAll(0, top.errors());
        if (!errors.isEmpty()) {
            return new Parsed.Invalid<>(errors);
        }
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) target[0];
        return new Parsed.Valid<>(new RolloutRequest(action, payload, ids, (TargetFilter) target[1], config));
    }

    private static Set<String> topFields(List<Action<?, ?>> actions) {
        Set<String> out = new LinkedHashSet<>(COMMON);
        actions.forEach(a -> a.rolloutPayload().ifPresent(out::add));
        return Set.copyOf(out);
    }

    /**
     * The action's payload from its field, validated by the action's own parser; errors are named under the
     * field. Operation ids are FleetOps' to give (one per device attempt), so a payload may not carry one.
     */
    private static JsonObject payload(Action<?, ?> action, JsonObject body, JsonFields top) {
        String field = action.rolloutPayload().orElse(null);
        String at = field == null ? "action" : field;
        Parsed<? extends ActionRequest> p = action.parse(field == null ? null : body.get(field), true);
        if (p instanceof Parsed.Invalid<? extends ActionRequest> bad) {
            bad.errors().forEach(e -> top.error(at + "." + e.field(), e.message()));
            return null;
        }
        ActionRequest r = ((Parsed.Valid<? extends ActionRequest>) p).value();
        if (r.operationId() != null) {
            top.error(at + ".operationId", "is set by FleetOps per device attempt");
        }
        return StrictJson.GSON.toJsonTree(r).getAsJsonObject();
    }

    /** [deviceIds, filter] */
    private static Object[] target(JsonElement e, List<FieldError> errors) {
        if (!(e instanceof JsonObject t)) {
            errors.add(new FieldError("target", "is required: {\"deviceIds\": [...]} or {\"filter\": {...}}"));
            return new Object[2];
        }
        JsonFields f = new JsonFields(t, JsonFields.fields("deviceIds", "filter"), true);
        errors.addAll(f.errors());
        boolean hasIds = t.has("deviceIds");
        if (hasIds == t.has("filter")) {
            errors.add(new FieldError("target", "needs exactly one of deviceIds or filter"));
            return new Object[2];
        }
        if (hasIds) {
            return new Object[] {deviceIds(t.get("deviceIds"), errors), null};
        }
        TargetFilter tf = TargetFilterParser.parse(t.get("filter"), "target.filter", errors);
        if (tf == null) {
            return new Object[2];
        }
        return new Object[] {null, tf};
    }

    private static List<String> deviceIds(JsonElement e, List<FieldError> errors) {
        if (!(e instanceof JsonArray a) || a.isEmpty() || a.size() > MAX_EXPLICIT_DEVICES) {
            errors.add(new FieldError(
                    "target.deviceIds", "must be an array of 1 to " + MAX_EXPLICIT_DEVICES + " device ids"));
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < a.size(); i++) {
            JsonElement item = a.get(i);
            String id = item instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
            String problem = id == null ? "must be a string" : DeviceIds.problem(id);
            if (problem != null) {
                errors.add(new FieldError("target.deviceIds[" + i + "]", problem));
            } else if (!ids.add(id)) {
                errors.add(new FieldError("target.deviceIds[" + i + "]", "is listed twice"));
            }
        }
        return List.copyOf(ids);
    }

    /**
     * The longest a device may wait in {@code installScheduled} for a daily install window: a day, plus the hour a
     * daylight-saving change can add. A firmware operation with an install window adds it to
     * {@code deviceTimeoutMinutes}, which then counts the device's own work only: the timeout never fires on a device
     * that is waiting for its window as asked (its wait is reported, not silent).
     */
    public static final Duration INSTALL_WAIT_ALLOWANCE = Duration.ofHours(25);

    private static RolloutConfig config(
            JsonObject body, JsonFields top, Instant now, List<FieldError> errors, Duration waitAllowance) {
        int before = errors.size();
        WavePlan waves = WavePlan.single();
        double success = 100;
        RatePolicy rate = RatePolicy.fixed(600);
        WaveGates gates = WaveGates.NONE;
        JsonElement r = body.get("rollout");
        if (r != null && !r.isJsonNull()) {
            if (!(r instanceof JsonObject ro)) {
                errors.add(new FieldError("rollout", "must be an object"));
            } else {
                JsonFields f = new JsonFields(
                        ro,
                        JsonFields.fields(
                                "waves",
                                "wavesAreCounts",
                                "successThresholdPercent",
                                "maxPerMinute",
                                "ramp",
                                "soakMinutes",
                                "offlineMinutes",
                                "healthGate",
                                "externalGate",
                                "gateTimeoutMinutes"),
                        true);
                waves = waves(ro, errors);
                Long s = f.integer("successThresholdPercent", false, 0, 100);
                success = s == null ? 100 : s;
                Long max = f.integer("maxPerMinute", false, 1, 100_000);
                rate = rate(ro.get("ramp"), max == null ? 600 : max.intValue(), errors);
                gates = gates(ro, f, errors);
                f.errors().forEach(x -> errors.add(new FieldError("rollout." + x.field(), x.message())));
            }
        }
        List<AbortCriterion> abort = abort(body.get("abort"), errors);
        Long timeout = top.integer("deviceTimeoutMinutes", false, 1, 10_080);
        RetryPolicy retry = retry(body.get("retry"), errors);
        Instant startAt = instant(body.get("startAt"), "startAt", now, errors);
        Instant deadline = instant(body.get("deadline"), "deadline", now, errors);
        if (deadline != null && !deadline.isAfter(startAt == null ? now : startAt)) {
            errors.add(new FieldError("deadline", "must be after startAt (or now)"));
        }
        MaintenanceWindow window = window(body.get("maintenanceWindow"), errors);
        if (errors.size() > before || !top.errors().isEmpty()) {
            return null;
        }
        return new RolloutConfig(
                waves,
                success,
                abort,
                rate,
                Duration.ofMinutes(timeout == null ? 60 : timeout).plus(waitAllowance),
                retry,
                startAt,
                deadline,
                window,
                gates);
    }

    /** Soak and gates between waves (docs/rollouts.md, "Soak and gates"); {@link WaveGates#NONE} when none is asked. */
    private static WaveGates gates(JsonObject ro, JsonFields f, List<FieldError> errors) {
        Long soak = f.integer("soakMinutes", false, 0, WaveGates.MAX_SOAK.toMinutes());
        Long offline = f.integer("offlineMinutes", false, 1, 10_080);
        Long gateTimeout = f.integer("gateTimeoutMinutes", false, 1, 10_080);
        WaveGates.HealthGate health = healthGate(ro.get("healthGate"), errors);
        WaveGates.ExternalGate external = externalGate(ro.get("externalGate"), errors);
        if (soak == null && offline == null && gateTimeout == null && health == null && external == null) {
            return WaveGates.NONE;
        }
        if ((offline != null || gateTimeout != null) && soak == null && health == null && external == null) {
            f.error("soakMinutes", "is required with offlineMinutes or gateTimeoutMinutes");
            return WaveGates.NONE;
        }
        return new WaveGates(
                Duration.ofMinutes(soak == null ? 0 : soak),
                offline == null ? null : Duration.ofMinutes(offline),
                health,
                external,
                gateTimeout == null ? WaveGates.DEFAULT_GATE_TIMEOUT : Duration.ofMinutes(gateTimeout));
    }

    private static WaveGates.HealthGate healthGate(JsonElement e, List<FieldError> errors) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        String at = "rollout.healthGate";
        if (!(e instanceof JsonObject o)) {
            errors.add(new FieldError(at, "must be an object"));
            return null;
        }
        JsonFields f = new JsonFields(o, JsonFields.fields("property", "value", "minPercent"), true);
        String property = f.string("property", true, 320);
        String value = f.string("value", true, 64);
        Double min = o.get("minPercent") instanceof JsonPrimitive p && p.isNumber() ? p.getAsDouble() : null;
        if (min == null || !(min > 0 && min <= 100)) {
            f.error("minPercent", "must be a number in (0, 100]");
        }
        WaveGates.HealthGate gate = null;
        if (f.errors().isEmpty()) {
            try {
                gate = new WaveGates.HealthGate(property, value, min);
            } catch (IllegalArgumentException ex) {
                String field = ex.getMessage().startsWith("'property'") ? "property" : "value";
                f.error(field, ex.getMessage().replaceFirst("^'[a-zA-Z]+' ", ""));
            }
        }
        f.errors().forEach(x -> errors.add(new FieldError(at + "." + x.field(), x.message())));
        return gate;
    }

    private static WaveGates.ExternalGate externalGate(JsonElement e, List<FieldError> errors) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        String at = "rollout.externalGate";
        if (!(e instanceof JsonObject o)) {
            errors.add(new FieldError(at, "must be an object"));
            return null;
        }
        JsonFields f = new JsonFields(o, JsonFields.fields("url", "timeoutSeconds", "secret"), true);
        String url = f.string("url", true, 2048);
        Long timeout = f.integer("timeoutSeconds", false, 1, WaveGates.ExternalGate.MAX_TIMEOUT.toSeconds());
        String secret = f.string("secret", false, 100);
        if (secret != null && !isWebhookSecret(secret)) {
            f.error("secret", "must be a Standard Webhooks secret: whsec_ and base64 of 24 to 64 bytes");
        }
        if (url != null) {
            // The form here; the deployment's address policy (https only, no private or metadata address) is checked
            // by the gate's caller before every request, as for webhooks.
            String problem = gateUrlProblem(url);
            if (problem != null) {
                f.error("url", problem);
            }
        }
        f.errors().forEach(x -> errors.add(new FieldError(at + "." + x.field(), x.message())));
        return f.errors().isEmpty()
                ? new WaveGates.ExternalGate(url, Duration.ofSeconds(timeout == null ? 10 : timeout), secret)
                : null;
    }

    private static WavePlan waves(JsonObject ro, List<FieldError> errors) {
        JsonElement w = ro.get("waves");
        boolean counts = ro.get("wavesAreCounts") instanceof JsonPrimitive p && p.isBoolean() && p.getAsBoolean();
        if (ro.has("wavesAreCounts") && !(ro.get("wavesAreCounts") instanceof JsonPrimitive p2 && p2.isBoolean())) {
            errors.add(new FieldError("rollout.wavesAreCounts", "must be a boolean"));
        }
        if (w == null || w.isJsonNull()) {
            return WavePlan.single();
        }
        List<Double> bounds = new ArrayList<>();
        if (w instanceof JsonArray arr) {
            for (JsonElement x : arr) {
                if (!(x instanceof JsonPrimitive p && p.isNumber())) {
                    errors.add(new FieldError("rollout.waves", "must be numbers"));
                    return WavePlan.single();
                }
                BigDecimal b = new BigDecimal(p.getAsString());
                BigDecimal limit = counts ? BigDecimal.valueOf(RolloutService.MAX_DEVICES) : BigDecimal.valueOf(100);
                if (b.compareTo(limit) > 0) {
                    errors.add(new FieldError(
                            "rollout.waves",
                            counts ? "device counts must be at most " + limit : "percentages cannot exceed 100"));
                    return WavePlan.single();
                }
                if (counts && (b.signum() <= 0 || b.stripTrailingZeros().scale() > 0)) {
                    // A count of 0.4 rounds to an empty canary that "passes" without touching a device.
                    errors.add(new FieldError("rollout.waves", "device counts must be whole numbers of at least 1"));
                    return WavePlan.single();
                }
                bounds.add(b.doubleValue());
            }
        } else {
            errors.add(new FieldError("rollout.waves", "must be an array of numbers"));
            return WavePlan.single();
        }
        try {
            return new WavePlan(bounds, !counts);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("rollout.waves", e.getMessage().replace("'waves' ", "")));
            return WavePlan.single();
        }
    }

    private static RatePolicy rate(JsonElement e, int max, List<FieldError> errors) {
        if (e == null || e.isJsonNull()) {
            return RatePolicy.fixed(max);
        }
        if (!(e instanceof JsonObject o)) {
            errors.add(new FieldError("rollout.ramp", "must be an object"));
            return RatePolicy.fixed(max);
        }
        JsonFields f =
                new JsonFields(o, JsonFields.fields("baseRatePerMinute", "incrementFactor", "incrementEvery"), true);
        Long base = f.integer("baseRatePerMinute", true, 1, max);
        Double factor = o.get("incrementFactor") instanceof JsonPrimitive p && p.isNumber() ? p.getAsDouble() : null;
        Long every = f.integer("incrementEvery", true, 1, 1_000_000);
        if (factor == null || factor < 1.1 || factor > 5) {
            f.error("incrementFactor", "must be a number between 1.1 and 5");
        }
        f.errors().forEach(x -> errors.add(new FieldError("rollout.ramp." + x.field(), x.message())));
        return f.errors().isEmpty()
                ? new RatePolicy(max, base.intValue(), factor, every.intValue())
                : RatePolicy.fixed(max);
    }

    private static List<AbortCriterion> abort(JsonElement e, List<FieldError> errors) {
        List<AbortCriterion> out = new ArrayList<>();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (!(e instanceof JsonArray arr) || arr.size() > 4) {
            errors.add(new FieldError("abort", "must be an array of at most 4 criteria"));
            return out;
        }
        for (int i = 0; i < arr.size(); i++) {
            String at = "abort[" + i + "]";
            if (!(arr.get(i) instanceof JsonObject o)) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            JsonFields f = new JsonFields(o, JsonFields.fields("failureType", "minFinished", "thresholdPercent"), true);
            FailureType type = failureType(f.string("failureType", false, 16), f);
            Long min = f.integer("minFinished", true, 1, 1_000_000);
            Double pct = o.get("thresholdPercent") instanceof JsonPrimitive p && p.isNumber() ? p.getAsDouble() : null;
            if (pct == null || !(pct > 0 && pct <= 100)) {
                f.error("thresholdPercent", "must be a number in (0, 100]");
            }
            f.errors().forEach(x -> errors.add(new FieldError(at + "." + x.field(), x.message())));
            if (f.errors().isEmpty()) {
                out.add(new AbortCriterion(type, min.intValue(), pct));
            }
        }
        return out;
    }

    private static RetryPolicy retry(JsonElement e, List<FieldError> errors) {
        if (e == null || e.isJsonNull()) {
            return RetryPolicy.none();
        }
        if (!(e instanceof JsonObject o)) {
            errors.add(new FieldError("retry", "must be an object"));
            return RetryPolicy.none();
        }
        JsonFields f = new JsonFields(
                o, JsonFields.fields("maxRetries", "retryOn", "backoffSeconds", "maxBackoffSeconds"), true);
        Long max = f.integer("maxRetries", true, 0, 10);
        FailureType on = failureType(f.string("retryOn", false, 16), f);
        if (on == FailureType.REJECTED) {
            f.error("retryOn", "a rejection is final; use FAILED, TIMED_OUT or ALL");
        }
        Long base = f.integer("backoffSeconds", false, 1, 86_400);
        Long cap = f.integer("maxBackoffSeconds", false, 1, 86_400);
        long b = base == null ? 60 : base;
        long c = cap == null ? Math.max(b, 900) : cap;
        if (c < b) {
            f.error("maxBackoffSeconds", "must be at least backoffSeconds");
        }
        f.errors().forEach(x -> errors.add(new FieldError("retry." + x.field(), x.message())));
        return f.errors().isEmpty()
                ? new RetryPolicy(max.intValue(), on, Duration.ofSeconds(b), Duration.ofSeconds(c))
                : RetryPolicy.none();
    }

    private static FailureType failureType(String name, JsonFields f) {
        if (name == null) {
            return FailureType.ALL;
        }
        try {
            return FailureType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            f.error("failureType", "must be FAILED, TIMED_OUT, REJECTED or ALL");
            return FailureType.ALL;
        }
    }

    /** How far ahead a start or deadline may lie: a year is a plan, the year 1,000,000,000 is a typo. */
    static final Duration HORIZON = Duration.ofDays(366);

    private static Instant instant(JsonElement e, String field, Instant now, List<FieldError> errors) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        Instant t;
        try {
            t = Instant.parse(e.getAsString());
        } catch (DateTimeParseException | UnsupportedOperationException | IllegalStateException ex) {
            errors.add(new FieldError(field, "must be an ISO-8601 UTC time such as 2026-01-31T22:00:00Z"));
            return null;
        }
        if (t.isAfter(now.plus(HORIZON))) {
            errors.add(new FieldError(field, "must be within " + HORIZON.toDays() + " days from now"));
            return null;
        }
        return t;
    }

    /**
     * {@code {"start": "02:00", "durationMinutes": 120, "timeZone": "Europe/Berlin"}} ({@code timeZone} optional,
     * UTC, or {@code device}: each device's own zone from its twin), or the older {@code {"startUtc": "22:00",
     * "durationMinutes": 240}}.
     */
    private static MaintenanceWindow window(JsonElement e, List<FieldError> errors) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonObject o)) {
            errors.add(new FieldError("maintenanceWindow", "must be an object"));
            return null;
        }
        JsonFields f = new JsonFields(o, JsonFields.fields("start", "startUtc", "durationMinutes", "timeZone"), true);
        boolean legacy = o.has("startUtc");
        if (legacy == o.has("start")) {
            f.error("start", "give exactly one of start (with an optional timeZone) or startUtc");
        }
        String start = legacy ? f.string("startUtc", true, 8) : f.string("start", false, 5);
        Long minutes = f.integer("durationMinutes", true, 1, 1440);
        String zone = f.string("timeZone", false, TimeZones.MAX_LENGTH);
        LocalTime t = null;
        if (start != null && legacy) {
            try {
                t = LocalTime.parse(start);
            } catch (DateTimeParseException ex) {
                f.error("startUtc", "must be a time such as 22:00");
            }
        } else if (start != null) {
            if (start.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
                t = LocalTime.parse(start);
            } else {
                f.error("start", "must be a time of day HH:mm such as 02:00");
            }
        }
        if (zone != null && legacy) {
            f.error("timeZone", "goes with start, not startUtc (which is always UTC)");
        } else if (zone != null
                && !InstallWindow.DEVICE.equals(zone)
                && TimeZones.parse(zone).isEmpty()) {
            f.error("timeZone", TimeZones.MESSAGE);
        }
        f.errors().forEach(x -> errors.add(new FieldError("maintenanceWindow." + x.field(), x.message())));
        return f.errors().isEmpty() ? new MaintenanceWindow(t, Duration.ofMinutes(minutes), zone) : null;
    }

    /** {@code whsec_} and base64 of 24 to 64 bytes, as the Standard Webhooks specification asks of a secret. */
    private static boolean isWebhookSecret(String s) {
        if (!s.startsWith("whsec_")) {
            return false;
        }
        try {
            int n = java.util.Base64.getDecoder().decode(s.substring("whsec_".length())).length;
            return n >= 24 && n <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The gate URL's form: absolute http(s) with a host, no user info, no fragment; null when it is fine. */
    private static String gateUrlProblem(String url) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must be an https URL";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "must be an https URL with a host, without user info or fragment";
        }
        return null;
    }
}
