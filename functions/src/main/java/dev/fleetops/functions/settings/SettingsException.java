package dev.fleetops.functions.settings;

/**
 * A required setting is missing or malformed. The message names the setting and never contains its
 * value, since settings can hold secrets.
 */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
