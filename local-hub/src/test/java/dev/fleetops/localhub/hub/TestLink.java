package dev.fleetops.localhub.hub;

/**
 * A device connection for tests that drive the hub without MQTT: it ignores everything unless a test
 * overrides a method (typically {@link #sendMethodRequest} to answer like a device would).
 */
public class TestLink implements DeviceLink {
    private final boolean methods;
    private final boolean desired;

    public TestLink(boolean subscribedToMethods, boolean subscribedToDesired) {
        this.methods = subscribedToMethods;
        this.desired = subscribedToDesired;
    }

    /** Subscribed to methods and desired properties, answering nothing. */
    public static TestLink subscribed() {
        return new TestLink(true, true);
    }

    /** Drops the device's live connection as a network failure would; an SDK client reconnects by itself. */
    public static void dropConnection(Hub hub, String deviceId) {
        TestLink placeholder = new TestLink(false, false);
        DeviceLink live = hub.attach(deviceId, placeholder);
        hub.detach(deviceId, placeholder);
        live.close("test: simulated network drop");
    }

    @Override
    public boolean subscribedToMethods() {
        return methods;
    }

    @Override
    public boolean subscribedToDesired() {
        return desired;
    }

    @Override
    public void sendMethodRequest(String methodName, String requestId, byte[] payload) {}

    @Override
    public void sendDesiredPatch(long version, byte[] body) {}

    @Override
    public void close(String reason) {}
}
