package dev.fleetops.bench.hub;

import dev.fleetops.bench.wire.WireDevice;
import dev.fleetops.bench.wire.WireFleet;
import java.util.List;
import java.util.OptionalLong;

/** The hub a benchmark runs against: in this JVM, or in a child JVM of its own. */
sealed interface HubUnderTest extends AutoCloseable permits InProcessHub, ChildProcessHub {

    /** Credentials of every registered device. */
    List<WireDevice.Credentials> devices();

    /** {@code base} pointed at the hub's MQTT listener, trusting its CA. */
    WireFleet.Options fleetOptions(WireFleet.Options base);

    /** The HTTPS service API, as a back-end calls it. */
    HubServiceApi service();

    /** The hub's own heap after a full GC, when it has a JVM of its own; empty in process (one heap for all). */
    OptionalLong heapAfterGcBytes();

    /** One line saying where the hub runs. */
    String description();

    @Override
    void close();
}
