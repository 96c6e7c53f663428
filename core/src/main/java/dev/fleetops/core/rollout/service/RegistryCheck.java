package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.TwinQueries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which ids of a device list the hub does not know, so a typo is a 400 naming the id instead of a device that
 * turns up {@code removed} when its wave comes. Only a list that fits one query is checked in the request (one
 * request to the hub, IoT Hub's 8,192-character query limit); a longer list, or ids the query language cannot
 * quote ({@code '}), are found when dispatched (404001 → {@code removed}, {@code deviceNotRegistered}). A hub
 * that cannot answer does not stop the create: the dispatch finds unknown devices all the same.
 */
final class RegistryCheck {
    /** How many unknown ids a 400 names one by one; the rest are counted. */
    static final int MAX_NAMED = 20;

    private RegistryCheck() {}

    /** The query that returns the ids of {@code deviceIds} the hub knows, or null when it cannot be one query. */
    static String query(List<String> deviceIds) {
        StringBuilder q = new StringBuilder("SELECT deviceId FROM devices WHERE deviceId IN [");
        for (int i = 0; i < deviceIds.size(); i++) {
            String id = deviceIds.get(i);
            if (id.indexOf('\'') >= 0) {
                return null;
            }
            q.append(i == 0 ? "" : ", ").append('\'').append(id).append('\'');
        }
        q.append(']');
        return q.length() > TargetFilter.MAX_QUERY_LENGTH ? null : q.toString();
    }

    /** Errors naming each unknown id ({@code target.deviceIds[i]}), or none when all are known or it cannot tell. */
    static List<FieldError> unknown(TwinQueries registry, List<String> deviceIds) {
        String query = query(deviceIds);
        if (registry == null || query == null) {
            return List.of();
        }
        Set<String> known = new HashSet<>();
        try {
            for (JsonObject row : registry.query(query, deviceIds.size())) {
                JsonElement id = row.get("deviceId");
                if (id != null && id.isJsonPrimitive()) {
                    known.add(id.getAsString());
                }
            }
        } catch (HubCallException e) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        int unknown = 0;
        for (int i = 0; i < deviceIds.size(); i++) {
            if (!known.contains(deviceIds.get(i))) {
                unknown++;
                if (errors.size() < MAX_NAMED) {
                    errors.add(new FieldError(
                            "target.deviceIds[" + i + "]", "'" + deviceIds.get(i) + "' is not registered in the hub"));
                }
            }
        }
        if (unknown > MAX_NAMED) {
            errors.add(new FieldError("target.deviceIds", (unknown - MAX_NAMED) + " more ids are not registered"));
        }
        return errors;
    }
}
