package dev.fleetops.functions.http;

import java.util.regex.Pattern;

/** Operation ids are UUIDs made by FleetOps; anything else cannot name one. */
final class OperationIdsCheck {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private OperationIdsCheck() {}

    static boolean valid(String id) {
        return id != null && UUID.matcher(id).matches();
    }

    static Problem notFound(String id) {
        return Problem.of(404, "operation-not-found", "Operation not found", "No fleet operation has id " + id + ".");
    }
}
