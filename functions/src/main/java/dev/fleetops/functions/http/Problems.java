package dev.fleetops.functions.http;

import dev.fleetops.contract.FieldError;
import dev.fleetops.core.device.ActionOutcome;
import dev.fleetops.core.hub.HubFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that decides which HTTP status and problem code a failure becomes. Pure: no Azure
 * types, tested directly.
 */
public final class Problems {
    /** Retry-After when the hub gave none: long enough to let a throttle window pass. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);

    private Problems() {}

    public static Problem invalid(List<FieldError> errors) {
        List<Map<String, String>> list = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (FieldError e : errors) {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("field", e.field());
            item.put("message", e.message());
            list.add(item);
            detail.append(detail.length() == 0 ? "" : "; ")
                    .append(e.field())
                    .append(' ')
                    .append(e.message());
        }
        return Problem.of(400, "invalid-request", "The request is invalid", detail.toString())
                .with("errors", list);
    }

    public static Problem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static Problem hub(HubFailure f) {
        return switch (f.kind()) {
            case DEVICE_NOT_FOUND ->
                Problem.of(
                                404,
                                "device-not-found",
                                "Device not found",
                                "No device with this id is registered in the IoT hub.")
                        .with("hubErrorCode", code(f));
            case DEVICE_OFFLINE ->
                Problem.of(
                                409,
                                "device-offline",
                                "Device is offline",
                                "The device is not connected or has not subscribed to direct methods; retry when it is online.")
                        .with("hubErrorCode", code(f))
                        .with("retryable", true);
            case DEVICE_TIMEOUT ->
                Problem.of(
                                504,
                                "device-timeout",
                                "Device did not answer in time",
                                "The device did not answer the direct method before the response timeout; "
                                        + "it may or may not have started the action. Check its status before retrying.")
                        .with("hubErrorCode", code(f));
            case THROTTLED ->
                retryLater(
                        Problem.of(
                                        503,
                                        "hub-throttled",
                                        "IoT Hub is throttling requests",
                                        "The IoT hub's rate limit was reached; retry after the indicated delay.")
                                .with("hubErrorCode", code(f)),
                        f);
            case UNAVAILABLE ->
                retryLater(
                        Problem.of(
                                503,
                                "hub-unavailable",
                                "IoT Hub is unavailable",
                                "FleetOps could not reach the IoT hub or the hub failed."),
                        f);
            case UNAUTHORIZED ->
                Problem.of(
                                502,
                                "hub-unauthorized",
                                "FleetOps is not authorized on the IoT hub",
                                "The IoT hub refused FleetOps' credentials; check its connection string or role assignments.")
                        .with("hubErrorCode", code(f));
            case OTHER ->
                Problem.of(502, "hub-error", "IoT Hub rejected the request", f.message())
                        .with("hubErrorCode", code(f));
        };
    }

    public static Problem action(ActionOutcome outcome) {
        if (outcome instanceof ActionOutcome.InvalidRequest bad) {
            return invalid(bad.errors());
        }
        if (outcome instanceof ActionOutcome.HubFailed hub) {
            return hub(hub.failure());
        }
        if (outcome instanceof ActionOutcome.DeviceRejected r) {
            return deviceRejected(r);
        }
        if (outcome instanceof ActionOutcome.DeviceError e) {
            return Problem.of(502, "device-error", "The device failed to handle the request", e.message())
                    .with("deviceStatus", e.deviceStatus());
        }
        throw new IllegalArgumentException("'outcome' is not a failure: " + outcome);
    }

    private static Problem deviceRejected(ActionOutcome.DeviceRejected r) {
        Problem p = switch (r.deviceStatus()) {
            case 409 -> Problem.of(409, "device-busy", "Device is busy with another operation", r.message());
            // FleetOps devices answer an unknown method with 400 (MethodStatus.BAD_REQUEST); other agents use 404.
            case 404 -> Problem.of(422, "method-not-supported", "The device does not support this action", r.message());
            case 400 -> Problem.of(422, "device-rejected-request", "The device rejected the request", r.message());
            default -> Problem.of(422, "device-rejected", "The device refused the request", r.message());
        };
        return p.with("deviceStatus", r.deviceStatus()).with("runningOperationId", r.runningOperationId());
    }

    /** 401: the platform named no caller. {@code detail} comes from the authenticator and never echoes a header. */
    public static Problem unauthenticated(String detail) {
        return Problem.of(
                        401,
                        "unauthenticated",
                        "Authentication required",
                        "FleetOps could not identify the caller: " + detail + ".")
                .withHeader("WWW-Authenticate", "Bearer");
    }

    /** 403: the caller lacks a role; names it, so an operator knows whom to ask. */
    public static Problem forbidden(dev.fleetops.core.identity.AccessDecision.Forbidden f) {
        return Problem.of(403, "forbidden", "The caller lacks a role", f.reason() + ".")
                .with("missingRole", f.missingRole().appRole());
    }

    /** 403: the creator of an operation asked to approve it; the two-person rule needs someone else. */
    public static Problem selfApproval(String reason) {
        return Problem.of(403, "self-approval", "The creator cannot approve their own operation", reason + ".");
    }

    /** 503: the audit log could not record the intent, so the action was not attempted; retrying is safe. */
    public static Problem auditUnavailable() {
        return retryableAfter(
                Problem.of(
                        503,
                        "audit-unavailable",
                        "The audit log is unavailable",
                        "FleetOps records every action before it acts and could not record this one, so nothing was done; retry later."),
                5);
    }

    /** The operation kept changing under the command (a tick was saving it): nothing was done; retry. */
    public static Problem operationBusy() {
        return retryableAfter(
                Problem.of(
                        503,
                        "operation-busy",
                        "The operation is being updated",
                        "The operation changed while the command was applied (the timer was saving it); nothing was done; retry."),
                1);
    }

    /** Table or Blob storage timed out or failed (5xx): retryable, like an unavailable hub. */
    public static Problem storageUnavailable() {
        return retryableAfter(
                Problem.of(
                        503,
                        "storage-unavailable",
                        "Storage is unavailable",
                        "FleetOps could not reach its storage in time; retry later."),
                5);
    }

    public static Problem configuration(String detail) {
        return Problem.of(500, "configuration-error", "FleetOps is misconfigured", detail);
    }

    public static Problem internal() {
        return Problem.of(
                500,
                "internal-error",
                "Internal error",
                "An unexpected error occurred; it has been logged with the invocation id.");
    }

    private static Problem retryLater(Problem p, HubFailure f) {
        Duration after = f.retryAfter() == null ? DEFAULT_RETRY_AFTER : f.retryAfter();
        return retryAfter(p, Math.max(1, after.toSeconds()));
    }

    /** {@code p}, safe to retry: said in the body, and when (the Retry-After header and the same in the body). */
    private static Problem retryableAfter(Problem p, long seconds) {
        return retryAfter(p.with("retryable", true), seconds);
    }

    private static Problem retryAfter(Problem p, long seconds) {
        return p.withHeader("Retry-After", Long.toString(seconds)).with("retryAfterSeconds", seconds);
    }

    private static Integer code(HubFailure f) {
        return f.errorCode() == 0 ? null : f.errorCode();
    }
}
