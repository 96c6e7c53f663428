package dev.fleetops.core.audit;

/**
 * What an action was aimed at; any part may be null.
 *
 * @param deviceId    the device of a single-device action, or of a command on one device of a rollout
 * @param operationId a rollout's id, or the operation id of a single-device action
 * @param route       the request path, for denials (nothing else of the request was read)
 */
public record AuditTarget(String deviceId, String operationId, String route) {
    public static final int MAX_ID = 128;
    public static final int MAX_ROUTE = 256;
    public static final AuditTarget NONE = new AuditTarget(null, null, null);

    public AuditTarget {
        deviceId = AuditText.cleanOrNull(deviceId, MAX_ID);
        operationId = AuditText.cleanOrNull(operationId, MAX_ID);
        route = AuditText.cleanOrNull(route, MAX_ROUTE);
    }

    public static AuditTarget device(String deviceId, String operationId) {
        return new AuditTarget(deviceId, operationId, null);
    }

    public static AuditTarget operation(String operationId) {
        return new AuditTarget(null, operationId, null);
    }

    public static AuditTarget route(String path) {
        return new AuditTarget(null, null, path);
    }
}
