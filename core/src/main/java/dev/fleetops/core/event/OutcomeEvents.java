package dev.fleetops.core.event;

import com.google.gson.JsonObject;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The events of a save, from what it stores: the trail lines of the decision (the engine's and the operators', by
 * their stable {@link dev.fleetops.core.rollout.RolloutEvent#type()}) become operation events, and every device row
 * that reached an outcome becomes a device event. Pure: the same save gives the same events with the same ids.
 *
 * <p>Device outcomes, per attempt: a row that ends {@code succeeded}, {@code failed} (or {@code rejected}),
 * {@code timed_out}, and a row that goes back to the queue to be retried after a failure or a timeout (the attempt
 * failed; {@code data.final} is false and {@code data.nextAttemptAt} says when the next one goes). A failure the device
 * reported as {@code rolledBack} is {@code device.rolledBack}. Rows that did not change are skipped.
 */
public final class OutcomeEvents {
    private static final Pattern WAVE = Pattern.compile("\\bwave (\\d+)");

    private OutcomeEvents() {}

    /** The events of one save, operation events (in trail order) first, then device events. */
    public static List<FleetEvent> of(
            String operationId,
            StoredRollout rollout,
            Map<String, DeviceExecution> before,
            List<DeviceExecution> changed,
            List<AuditEvent> trail) {
        List<FleetEvent> out = new ArrayList<>();
        String action = rollout == null ? null : rollout.action();
        for (AuditEvent line : trail) {
            operationEvent(operationId, action, rollout, line).ifPresent(out::add);
        }
        for (DeviceExecution after : changed) {
            DeviceExecution was = before == null ? null : before.get(after.deviceId());
            if (after.equals(was)) {
                continue;
            }
            deviceEvent(operationId, action, was, after).ifPresent(out::add);
        }
        return out;
    }

    /** The operation event a trail line stands for, if any (lines such as {@code hubUnavailable} are not events). */
    static Optional<FleetEvent> operationEvent(
            String operationId, String action, StoredRollout rollout, AuditEvent line) {
        if (line.type() == null) {
            return Optional.empty();
        }
        Integer wave = wave(line.event());
        EventType type;
        String discriminator = "";
        switch (line.type()) {
            case "created" -> type = EventType.OPERATION_CREATED;
            case "approved" -> type = EventType.OPERATION_APPROVED;
            case "rejected", "approvalExpired" -> type = EventType.OPERATION_REJECTED;
            case "started" -> type = EventType.OPERATION_STARTED;
            case "waveOpened" -> {
                // A decision made again after a crash opens the same wave: the wave tells occurrences apart.
                type = EventType.OPERATION_WAVE_OPENED;
                discriminator = "wave " + wave;
            }
            case "waveAdvanced" -> {
                type = EventType.OPERATION_WAVE_OPENED;
                discriminator = "wave " + wave;
            }
            case "pausedBelowThreshold" -> {
                type = EventType.OPERATION_PAUSED;
                discriminator = "below threshold, wave " + wave;
            }
            case "pausedAtGate" -> {
                type = EventType.OPERATION_PAUSED;
                discriminator = "at gate, wave " + wave + ", at " + line.at().toEpochMilli();
            }
            case "pausedByOperator", "resumed" -> {
                // Commands are not decided again after a crash: each one is its own occurrence.
                type = line.type().equals("resumed") ? EventType.OPERATION_RESUMED : EventType.OPERATION_PAUSED;
                discriminator = "at " + line.at().toEpochMilli();
            }
            case "aborted", "resolutionFailed" -> type = EventType.OPERATION_ABORTED;
            case "canceled" -> type = EventType.OPERATION_CANCELED;
            case "completed" -> type = EventType.OPERATION_COMPLETED;
            default -> {
                return Optional.empty();
            }
        }
        JsonObject data = new JsonObject();
        data.addProperty("operationId", operationId);
        if (action != null) {
            data.addProperty("action", action);
        }
        if (rollout != null) {
            data.addProperty("state", rollout.rollout().state().wireName());
        }
        if (wave != null) {
            data.addProperty("wave", wave);
        }
        data.addProperty("actor", line.actor());
        data.addProperty("reason", line.event());
        return Optional.of(new FleetEvent(
                EventIds.of(operationId, 0, null, type, discriminator), type, operationId, 0, null, line.at(), data));
    }

    /** The outcome event of a device row, if the row reached one. */
    static Optional<FleetEvent> deviceEvent(
            String operationId, String action, DeviceExecution was, DeviceExecution after) {
        boolean retrying = after.state() == ExecutionState.QUEUED
                && after.queueReason() == QueueReason.RETRY_BACKOFF
                && (was == null || was.state() == ExecutionState.IN_PROGRESS);
        EventType type;
        switch (after.state()) {
            case SUCCEEDED -> type = EventType.DEVICE_SUCCEEDED;
            case FAILED, REJECTED -> type = failureType(after);
            case TIMED_OUT -> type = EventType.DEVICE_TIMED_OUT;
            case QUEUED -> {
                if (!retrying) {
                    return Optional.empty();
                }
                type = after.error() != null && "timedOut".equals(after.error().code())
                        ? EventType.DEVICE_TIMED_OUT
                        : failureType(after);
            }
            default -> {
                return Optional.empty();
            }
        }
        boolean isFinal = after.state() != ExecutionState.QUEUED;
        JsonObject data = new JsonObject();
        data.addProperty("operationId", operationId);
        if (action != null) {
            data.addProperty("action", action);
        }
        data.addProperty("deviceId", after.deviceId());
        data.addProperty("attempt", after.attempt());
        data.addProperty("wave", after.wave());
        data.addProperty("state", after.state().name().toLowerCase(Locale.ROOT));
        data.addProperty("final", isFinal);
        if (after.lastDetail() != null) {
            data.addProperty("detail", after.lastDetail());
        }
        ErrorInfo error = after.error();
        if (error != null && type != EventType.DEVICE_SUCCEEDED) {
            JsonObject e = new JsonObject();
            e.addProperty("code", error.code());
            e.addProperty("message", error.message());
            data.add("error", e);
        }
        if (!isFinal && after.notBefore() != null) {
            data.addProperty("nextAttemptAt", Timestamps.format(after.notBefore()));
        }
        Instant at = after.updatedAt() == null ? Instant.EPOCH : after.updatedAt();
        String id = EventIds.of(operationId, after.attempt(), after.deviceId(), type, isFinal ? "final" : "retrying");
        return Optional.of(new FleetEvent(id, type, operationId, after.attempt(), after.deviceId(), at, data));
    }

    private static EventType failureType(DeviceExecution e) {
        boolean rolledBack = (e.lastDetail() != null && e.lastDetail().startsWith("rolledBack"))
                || (e.error() != null && "rolledBack".equals(e.error().code()));
        return rolledBack ? EventType.DEVICE_ROLLED_BACK : EventType.DEVICE_FAILED;
    }

    private static Integer wave(String text) {
        if (text == null) {
            return null;
        }
        // The first wave named is the one the line is about ("wave 2 opened: wave 1 reached …").
        Matcher m = WAVE.matcher(text);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
