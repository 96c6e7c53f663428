package dev.fleetops.localhub.jobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.query.Query;
import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A validated job request, the body of {@code PUT /jobs/v2/{id}}.
 *
 * @param method for {@link JobType#scheduleDeviceMethod}, else null
 * @param twin   for {@link JobType#scheduleUpdateTwin}, else null
 */
public record JobSpec(
        String jobId,
        JobType type,
        String queryCondition,
        Query query,
        Instant startTime,
        long maxExecutionTimeInSeconds,
        MethodSpec method,
        TwinSpec twin) {
    /** At most 64 US-ASCII letters, digits and hyphens (IoT Hub's rule for job ids). */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** Printable US-ASCII without the characters IoT Hub forbids in method names, nor MQTT wildcards. */
    private static final Pattern METHOD_NAME = Pattern.compile("[!%&'*\\-.0-9A-Z^_`a-z|~]{1,128}");

    static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    static final long DEFAULT_MAX_EXECUTION_SECONDS = 3600;

    /** A direct method to run on every matched device. */
    public record MethodSpec(
            String methodName, int responseTimeoutInSeconds, int connectTimeoutInSeconds, JsonElement payload) {
        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("methodName", methodName);
            o.add("payload", payload);
            o.addProperty("responseTimeoutInSeconds", responseTimeoutInSeconds);
            o.addProperty("connectTimeoutInSeconds", connectTimeoutInSeconds);
            return o;
        }
    }

    /** Tags and desired properties to merge into every matched twin (null members delete). */
    public record TwinSpec(JsonObject tags, JsonObject desired, String etag) {
        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("etag", etag);
            if (tags != null) {
                o.add("tags", tags.deepCopy());
            }
            JsonObject properties = new JsonObject();
            properties.add("desired", desired == null ? new JsonObject() : desired.deepCopy());
            properties.add("reported", new JsonObject());
            o.add("properties", properties);
            return o;
        }
    }

    public static boolean isValidJobId(String jobId) {
        return jobId != null && JOB_ID.matcher(jobId).matches();
    }

    /** @throws HubException 400004 for anything the hub would refuse */
    public static JobSpec parse(String jobId, JsonObject body, Instant now) {
        if (!isValidJobId(jobId)) {
            throw invalid("The job id must be 1 to 64 characters: letters, digits and '-'.");
        }
        String bodyId = string(body, "jobId");
        if (bodyId != null && !bodyId.equals(jobId)) {
            throw invalid("The jobId in the body ('" + bodyId + "') differs from the one in the path.");
        }
        String typeText = string(body, "type");
        JobType type;
        try {
            type = JobType.valueOf(typeText == null ? "" : typeText);
        } catch (IllegalArgumentException e) {
            throw invalid("'type' must be scheduleDeviceMethod or scheduleUpdateTwin.");
        }
        String condition = string(body, "queryCondition");
        if (condition == null || condition.isBlank()) {
            throw invalid("'queryCondition' is required.");
        }
        Query query;
        try {
            query = Query.parse("SELECT * FROM devices WHERE " + condition);
        } catch (QuerySyntaxException e) {
            throw invalid("Invalid queryCondition: " + e.reason() + " at position " + e.position());
        }
        String start = string(body, "startTime");
        Instant startTime;
        try {
            startTime = start == null ? now : Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw invalid("'startTime' must be an ISO 8601 UTC time such as 2024-01-01T00:00:00.000Z.");
        }
        long maxExecution =
                number(body, "maxExecutionTimeInSeconds", DEFAULT_MAX_EXECUTION_SECONDS, 1, Integer.MAX_VALUE);
        MethodSpec method = null;
        TwinSpec twin = null;
        if (type == JobType.scheduleDeviceMethod) {
            JsonObject m = object(body, "cloudToDeviceMethod");
            if (m == null) {
                throw invalid("'cloudToDeviceMethod' is required for a scheduleDeviceMethod job.");
            }
            String name = string(m, "methodName");
            if (name == null || !METHOD_NAME.matcher(name).matches()) {
                throw invalid("methodName is missing or contains characters IoT Hub does not allow.");
            }
            JsonElement payload = m.has("payload") ? m.get("payload") : JsonNull.INSTANCE;
            if (payload.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                throw new HubException(ErrorCodes.MESSAGE_TOO_LARGE, "The method payload exceeds 128 KB.");
            }
            method = new MethodSpec(
                    name,
                    (int) number(m, "responseTimeoutInSeconds", 30, 5, 300),
                    (int) number(m, "connectTimeoutInSeconds", 0, 0, 300),
                    payload);
        } else {
            JsonObject t = object(body, "updateTwin");
            if (t == null) {
                throw invalid("'updateTwin' is required for a scheduleUpdateTwin job.");
            }
            String etag = string(t, "etag");
            JsonObject properties = object(t, "properties");
            JsonObject tags = object(t, "tags");
            JsonObject desired = object(properties, "desired");
            if ((tags == null || tags.size() == 0) && (desired == null || desired.size() == 0)) {
                throw invalid("'updateTwin' must change tags or desired properties.");
            }
            twin = new TwinSpec(tags, desired, etag == null ? "*" : etag);
        }
        return new JobSpec(jobId, type, condition, query, startTime, maxExecution, method, twin);
    }

    private static HubException invalid(String message) {
        return new HubException(ErrorCodes.ARGUMENT_INVALID, message);
    }

    private static String string(JsonObject parent, String name) {
        JsonElement e = parent == null ? null : parent.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw invalid("'" + name + "' must be a string.");
        }
        return p.getAsString();
    }

    private static JsonObject object(JsonObject parent, String name) {
        JsonElement e = parent == null ? null : parent.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonObject()) {
            throw invalid("'" + name + "' must be a JSON object.");
        }
        return e.getAsJsonObject();
    }

    private static long number(JsonObject parent, String name, long fallback, long min, long max) {
        JsonElement e = parent.get(name);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            double d = p.getAsDouble();
            if (d == Math.rint(d) && d >= min && d <= max) {
                return (long) d;
            }
        }
        throw invalid("'" + name + "' must be a whole number between " + min + " and " + max + ".");
    }
}
