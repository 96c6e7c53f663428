package dev.fleetops.runner.metadata;

import java.nio.file.Path;

/**
 * Where a function's code is: the jar named by {@code scriptFile} (resolved against the function's
 * directory) and {@code entryPoint} split into class and method.
 */
public record EntryPoint(Path scriptFile, String className, String methodName) {

    /**
     * Parses {@code "dev.fleetops.functions.http.DeviceActionFunctions.reboot"}.
     *
     * @throws IllegalArgumentException when the entry point has no class part
     */
    public static EntryPoint of(Path scriptFile, String entryPoint) {
        int dot = entryPoint == null ? -1 : entryPoint.lastIndexOf('.');
        if (dot <= 0 || dot == entryPoint.length() - 1) {
            throw new IllegalArgumentException("'entryPoint' must be class.method, was '" + entryPoint + "'");
        }
        return new EntryPoint(scriptFile, entryPoint.substring(0, dot), entryPoint.substring(dot + 1));
    }
}
