package dev.fleetops.device.config;

/** A usage or configuration error; the message is one line fit for the user and never holds a secret. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
