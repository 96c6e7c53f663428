package dev.fleetops.core.rollout.service;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fleetops.core.rollout.DispatchIntent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One queue message of queue-triggered dispatch: devices of one operation whose intents a tick saved, for a
 * {@link DispatchWorker} on any instance to call. Each item carries both rows of its intent (what the device goes
 * back to if the call is not made, and the row the answer must still find), so the worker needs no read to apply
 * an answer, and the ticker applies it only where the row is still that intent.
 *
 * @param sendBy     calls not made by then are not made: the devices go back to the queue unchanged (the next ticks
 *                   plan them again), so a backlog of old messages never sends past an operator's decision or a rate
 * @param goalExpiry the desired-property goal's expiry for devices that are offline ({@link Dispatcher#GOAL_EXPIRES_AT})
 */
public record DispatchBatch(String operationId, Instant sendBy, String goalExpiry, List<Item> items) {
    /** Format version of {@link #toJson}. */
    static final int VERSION = 1;

    /** More items than a message of 64 KiB can hold; a message claiming more is not one of ours. */
    static final int MAX_ITEMS = 200;

    /** @param packageUri this device's own package link, or null when the payload names no catalog package */
    public record Item(DispatchIntent intent, String packageUri) {}

    public DispatchBatch {
        items = List.copyOf(items);
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("v", VERSION);
        o.addProperty("op", operationId);
        o.addProperty("sendBy", sendBy.toString());
        o.addProperty("goalExpiry", goalExpiry);
        JsonArray items = new JsonArray();
        this.items.forEach(item -> items.add(json(item)));
        o.add("items", items);
        return o.toString();
    }

    static JsonObject json(Item item) {
        JsonObject i = new JsonObject();
        i.add("q", ExecutionJson.write(item.intent().queuedRow()));
        i.add("i", ExecutionJson.write(item.intent().execution()));
        if (item.packageUri() != null) {
            i.addProperty("uri", item.packageUri());
        }
        return i;
    }

    /**
     * Reads a message strictly.
     *
     * @throws IllegalArgumentException naming the member that is wrong
     */
    public static DispatchBatch parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("dispatch message is not JSON");
        }
        if (!(root instanceof JsonObject o)) {
            throw new IllegalArgumentException("dispatch message must be a JSON object");
        }
        if (ExecutionJson.number(o, "v", "message") != VERSION) {
            throw new IllegalArgumentException("'message.v' must be " + VERSION);
        }
        String op = ExecutionJson.text(o, "op", "message", true, 128);
        Instant sendBy = ExecutionJson.instant(o, "sendBy", "message");
        if (sendBy == null) {
            throw new IllegalArgumentException("'message.sendBy' is required");
        }
        String goalExpiry = ExecutionJson.text(o, "goalExpiry", "message", true, 40);
        if (!(o.get("items") instanceof JsonArray a) || a.isEmpty() || a.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("'message.items' must be an array of 1 to " + MAX_ITEMS + " items");
        }
        List<Item> items = new ArrayList<>();
        for (int n = 0; n < a.size(); n++) {
            String where = "message.items[" + n + "]";
            if (!(a.get(n) instanceof JsonObject i)) {
                throw new IllegalArgumentException("'" + where + "' must be an object");
            }
            DispatchIntent intent;
            try {
                intent = DispatchIntent.restore(
                        ExecutionJson.read(i.get("q"), where + ".q"), ExecutionJson.read(i.get("i"), where + ".i"));
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().startsWith("'")
                        ? e
                        : new IllegalArgumentException("'" + where + "' is not a dispatch intent");
            }
            String uri = ExecutionJson.text(i, "uri", where, false, 4096);
            if (uri != null
                    && !(i.get("uri") instanceof JsonPrimitive p
                            && p.getAsString().startsWith("https://"))) {
                throw new IllegalArgumentException("'" + where + ".uri' must be an https URL");
            }
            items.add(new Item(intent, uri));
        }
        return new DispatchBatch(op, sendBy, goalExpiry, items);
    }
}
