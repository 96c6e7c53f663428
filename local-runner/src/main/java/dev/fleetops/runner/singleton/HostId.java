package dev.fleetops.runner.singleton;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The host id, as the Functions host derives it (Azure/azure-functions-host,
 * src/WebJobs.Script/Host/ScriptHostIdProvider.cs): the setting {@code AzureFunctionsWebHost__hostid} when present;
 * otherwise, off App Service, {@code <machine name, letters and digits only>-<|stable hash of the script root|>},
 * at most 32 characters, lower-cased, trailing dashes trimmed. The stable hash is the host's
 * {@code Utility.GetStableHash} (23, then {@code hash * 31 + c} per UTF-16 unit). The script root is the runner's
 * {@code --app} directory (absolute, normalized), so two runners of one app directory on one machine share the id;
 * runners in separate directories or on separate machines need {@code AzureFunctionsWebHost__hostid} to share it.
 */
public final class HostId {
    public static final String SETTING = "AzureFunctionsWebHost__hostid";
    static final int MAXIMUM_LENGTH = 32;

    private HostId() {}

    public static String of(Map<String, String> env, Path appDir) {
        String configured = env.get(SETTING);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return derive(machineName(), appDir.toAbsolutePath().normalize().toString());
    }

    static String derive(String machineName, String scriptPath) {
        StringBuilder sanitized = new StringBuilder();
        machineName.codePoints().filter(Character::isLetterOrDigit).forEach(sanitized::appendCodePoint);
        String id = sanitized + "-" + Math.abs((long) stableHash(scriptPath));
        if (id.length() > MAXIMUM_LENGTH) {
            id = id.substring(0, MAXIMUM_LENGTH);
        }
        return id.toLowerCase(Locale.ROOT).replaceAll("-+$", "");
    }

    static int stableHash(String value) {
        int hash = 23;
        for (int i = 0; i < value.length(); i++) {
            hash = hash * 31 + value.charAt(i);
        }
        return hash;
    }

    /** .NET's {@code Environment.MachineName}: the kernel's host name on Linux. */
    private static String machineName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).trim();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
