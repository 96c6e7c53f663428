package dev.fleetops.functions.storage;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a paged read of executions stopped: the shard and Table Storage's continuation token within
 * it (null: the start of the shard). Handed to clients as base64url of a small JSON object, so it is
 * opaque and URL-safe.
 */
record ExecutionPageToken(int shard, String tableToken) {
    private static final int VERSION = 1;

    String encode() {
        JsonObject o = new JsonObject();
        o.addProperty("v", VERSION);
        o.addProperty("s", shard);
        if (tableToken != null) {
            o.addProperty("t", tableToken);
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException if the token was not issued by {@link #encode()} */
    static ExecutionPageToken decode(String token) {
        try {
            JsonObject o = JsonParser.parseString(
                            new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            int shard = o.get("s").getAsInt();
            if (o.get("v").getAsInt() == VERSION && shard >= 0 && shard < RolloutEntities.SHARDS) {
                return new ExecutionPageToken(shard, o.has("t") ? o.get("t").getAsString() : null);
            }
        } catch (RuntimeException e) {
            // fall through: any malformed token is the caller's mistake
        }
        throw new IllegalArgumentException("'continuationToken' is invalid.");
    }
}
