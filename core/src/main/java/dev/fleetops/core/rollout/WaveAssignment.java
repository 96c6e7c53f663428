package dev.fleetops.core.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic wave membership: devices are ordered by a hash of (operation id, device id) and cut
 * into waves. The same operation and device always land in the same wave, whatever order the fleet
 * was listed in, so a retried tick never reshuffles the fleet, and different operations sample
 * different canaries.
 */
public final class WaveAssignment {
    private WaveAssignment() {}

    public static Map<String, Integer> assign(String operationId, List<String> deviceIds, WavePlan plan) {
        List<String> ordered = new ArrayList<>(deviceIds);
        ordered.sort(
                Comparator.comparingLong((String d) -> rankKey(operationId, d)).thenComparing(d -> d));
        List<Integer> sizes = plan.sizes(ordered.size());
        Map<String, Integer> out = new LinkedHashMap<>();
        int index = 0;
        for (int wave = 0; wave < sizes.size(); wave++) {
            for (int i = 0; i < sizes.get(wave); i++) {
                out.put(ordered.get(index++), wave);
            }
        }
        return out;
    }

    static long rankKey(String operationId, String deviceId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((operationId + "\n" + deviceId).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The devices of a new operation: each queued in its wave. */
    public static List<DeviceExecution> queued(String operationId, List<String> deviceIds, WavePlan plan, Instant now) {
        List<DeviceExecution> out = new java.util.ArrayList<>();
        assign(operationId, deviceIds, plan).forEach((d, w) -> out.add(DeviceExecution.queued(d, w, now)));
        return out;
    }
}
