package dev.fleetops.core.firmware;

import java.util.List;

/** Port: which unfinished fleet operations send a package, so it is not deleted under them. */
@FunctionalInterface
public interface FirmwareUsage {
    FirmwareUsage NONE = uri -> List.of();

    /** Ids of operations that are not finished (or still have devices or goals out) and send {@code packageUri}. */
    List<String> operationsUsing(String packageUri);
}
