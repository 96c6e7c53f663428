package dev.fleetops.localhub.query.ast;

/** The collection named in FROM. IoT Hub allows exactly one per query; joins do not exist. */
public enum Source {
    /** {@code FROM devices}: device twins. */
    DEVICES("devices"),
    /** {@code FROM devices.modules}: module twins, each shaped like a device twin plus {@code moduleId}. */
    DEVICES_MODULES("devices.modules"),
    /** {@code FROM devices.jobs}: per-device job rows; paths are written {@code devices.jobs.<field>}. */
    DEVICES_JOBS("devices.jobs");

    private final String text;

    Source(String text) {
        this.text = text;
    }

    /** The collection as written in a query, e.g. {@code devices.jobs}. */
    public String text() {
        return text;
    }
}
