package dev.fleetops.core.rollout.service;

import java.util.List;

/**
 * What a fleet operation request would do, worked out without writing anything: how many and which devices its
 * target matches now, how its waves would split them, and whether it would wait for a second Admin. Shown by the
 * console's "new operation" form before anything starts.
 *
 * @param deviceCount    the devices the target matches now (a filter is evaluated again when the operation runs)
 * @param sample         up to {@link #SAMPLE_SIZE} of them, in target order for a list
 * @param waveSizes      devices per wave for {@code deviceCount}
 * @param approvalReason why the operation would wait for a second Admin, or null
 * @param problem        why it would not start as asked (no device, too many, an empty wave), or null
 */
public record RolloutPreview(
        String action,
        String targetKind,
        int deviceCount,
        List<String> sample,
        List<Integer> waveSizes,
        String approvalReason,
        String problem) {
    public static final int SAMPLE_SIZE = 20;

    public RolloutPreview {
        sample = List.copyOf(sample);
        waveSizes = List.copyOf(waveSizes);
    }
}
