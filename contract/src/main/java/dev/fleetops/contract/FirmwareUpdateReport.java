package dev.fleetops.contract;

/**
 * {@code iothubDM.firmwareUpdate} in reported properties. {@code fwPackageUri} is reported without
 * its query string, because package URIs often carry SAS signatures that must not leak into twins.
 * Times are ISO-8601 UTC strings. {@code installAt} is set only in {@code installScheduled}: when the install window
 * opens on the device's clock, i.e. when it will install.
 */
public record FirmwareUpdateReport(
        FirmwareUpdateStatus status,
        String operationId,
        String version,
        String fwPackageUri,
        String lastFirmwareUpdate,
        String startedAt,
        String updatedAt,
        ErrorInfo error,
        String installAt)
        implements ActionReport {

    /** A report without a scheduled install. */
    public FirmwareUpdateReport(
            FirmwareUpdateStatus status,
            String operationId,
            String version,
            String fwPackageUri,
            String lastFirmwareUpdate,
            String startedAt,
            String updatedAt,
            ErrorInfo error) {
        this(status, operationId, version, fwPackageUri, lastFirmwareUpdate, startedAt, updatedAt, error, null);
    }

    @Override
    public Action<FirmwareUpdateRequest, FirmwareUpdateReport> action() {
        return Action.FIRMWARE_UPDATE;
    }

    /** A success must name the version the operation asked for; a device that reports none did not prove it. */
    @Override
    public String mismatch(ActionRequest request) {
        if (request instanceof FirmwareUpdateRequest r && !r.version().equals(version)) {
            return "reported version " + (version == null ? "(none)" : "'" + shorten(version) + "'")
                    + ", the operation installs '" + r.version() + "'";
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    /** Drops query and fragment so signatures in package URIs are never reported. */
    public static String redactUri(String uri) {
        if (uri == null) {
            return null;
        }
        int cut = uri.length();
        int q = uri.indexOf('?');
        int h = uri.indexOf('#');
        if (q >= 0) {
            cut = Math.min(cut, q);
        }
        if (h >= 0) {
            cut = Math.min(cut, h);
        }
        return uri.substring(0, cut);
    }
}
