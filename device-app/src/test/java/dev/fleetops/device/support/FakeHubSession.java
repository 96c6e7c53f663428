package dev.fleetops.device.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.device.transport.ConnectionListener;
import dev.fleetops.device.transport.DesiredHandler;
import dev.fleetops.device.transport.HubException;
import dev.fleetops.device.transport.HubSession;
import dev.fleetops.device.transport.MethodHandler;
import dev.fleetops.device.transport.MethodResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An in-memory hub for one device: keeps the reported twin (nulls delete, as on a real hub), records
 * every patch the device sent while connected, and can drop the connection or refuse to open.
 */
public final class FakeHubSession implements HubSession {
    private final List<JsonObject> patches = new ArrayList<>();
    private JsonObject reported = new JsonObject();
    private MethodHandler methods;
    private DesiredHandler desiredHandler = d -> {};
    private JsonObject desired = new JsonObject();
    private long desiredVersion = 1;
    private ConnectionListener listener;
    private boolean connected;
    private int opens;
    private int closes;
    private int failOpens;
    private boolean failReports;

    @Override
    public synchronized void open() throws HubException {
        if (failOpens > 0) {
            failOpens--;
            throw new HubException("hub unreachable (simulated)", true, null);
        }
        connected = true;
        opens++;
    }

    @Override
    public synchronized void close() {
        if (connected) {
            closes++;
        }
        connected = false;
    }

    @Override
    public synchronized JsonObject getReported() throws HubException {
        requireConnected();
        return reported.deepCopy();
    }

    @Override
    public synchronized JsonObject getDesired() throws HubException {
        requireConnected();
        JsonObject d = desired.deepCopy();
        d.addProperty("$version", desiredVersion);
        return d;
    }

    /** Replaces desired property {@code name}, bumps $version and, when connected, notifies the device. */
    public void setDesired(String name, JsonObject value) {
        boolean notify;
        synchronized (this) {
            desired.add(name, value.deepCopy());
            desiredVersion++;
            notify = connected;
        }
        if (notify) {
            JsonObject patch = new JsonObject();
            patch.add(name, value.deepCopy());
            desiredHandler.onDesired(patch);
        }
    }

    public synchronized long desiredVersion() {
        return desiredVersion;
    }

    @Override
    public synchronized void reportProperties(JsonObject patch) throws HubException {
        requireConnected();
        if (failReports) {
            throw new HubException("report timed out (simulated)", true, null);
        }
        patches.add(patch.deepCopy());
        reported = applyPatch(reported, patch);
    }

    @Override
    public void setMethodHandler(MethodHandler handler) {
        this.methods = handler;
    }

    @Override
    public void setDesiredHandler(DesiredHandler handler) {
        this.desiredHandler = handler;
    }

    @Override
    public void setConnectionListener(ConnectionListener listener) {
        this.listener = listener;
    }

    /** Invokes a direct method as the hub would. */
    public MethodResult invoke(String method, JsonElement payload) {
        if (!isConnected()) {
            throw new IllegalStateException("device is offline; the hub would answer 404");
        }
        return methods.handle(method, payload);
    }

    /** The transport loses the connection for good; the app must reopen it. */
    public void dropTerminally() {
        synchronized (this) {
            connected = false;
        }
        listener.onLost("NO_NETWORK");
    }

    /** The transport loses the connection, then restores it by itself. */
    public void dropAndRecover() {
        synchronized (this) {
            connected = false;
        }
        synchronized (this) {
            connected = true;
        }
        listener.onReconnected();
    }

    /** Reports time out while the session still counts as open, as during DISCONNECTED_RETRYING. */
    public synchronized void failReports(boolean fail) {
        failReports = fail;
    }

    public synchronized void failNextOpens(int n) {
        failOpens = n;
    }

    public synchronized void setReported(JsonObject r) {
        reported = r.deepCopy();
    }

    public synchronized JsonObject reported() {
        return reported.deepCopy();
    }

    /** The reported {@code iothubDM.<section>}. */
    public synchronized JsonObject reportedDm(String section) {
        return reported.getAsJsonObject("iothubDM").getAsJsonObject(section).deepCopy();
    }

    /** The reported {@code iothubDM.firmwareVersion}: the version the device says it runs. */
    public synchronized String reportedFirmwareVersion() {
        return reported.getAsJsonObject("iothubDM").get("firmwareVersion").getAsString();
    }

    public synchronized List<JsonObject> patches() {
        return List.copyOf(patches);
    }

    public synchronized void clearPatches() {
        patches.clear();
    }

    public synchronized boolean isConnected() {
        return connected;
    }

    public synchronized int opens() {
        return opens;
    }

    public synchronized int closes() {
        return closes;
    }

    /** The {@code status} of {@code iothubDM.<section>} in each patch that touched it, in order. */
    public synchronized List<String> statuses(String section) {
        List<String> out = new ArrayList<>();
        for (JsonObject p : patches) {
            if (p.get("iothubDM") instanceof JsonObject dm
                    && dm.get(section) instanceof JsonObject s
                    && s.has("status")
                    && !s.get("status").isJsonNull()) {
                String st = s.get("status").getAsString();
                out.add(st);
            }
        }
        return out;
    }

    /** {@link #statuses} with consecutive repeats (re-publishes after a reconnect) collapsed. */
    public synchronized List<String> steps(String section) {
        List<String> out = new ArrayList<>();
        for (String st : statuses(section)) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(st)) {
                out.add(st);
            }
        }
        return out;
    }

    private void requireConnected() throws HubException {
        if (!connected) {
            throw new HubException("not connected (simulated)", true, null);
        }
    }

    private static JsonObject applyPatch(JsonObject base, JsonObject patch) {
        JsonObject out = base.deepCopy();
        for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
            if (e.getValue().isJsonNull()) {
                out.remove(e.getKey());
            } else if (e.getValue().isJsonObject() && out.get(e.getKey()) instanceof JsonObject mine) {
                out.add(e.getKey(), applyPatch(mine, e.getValue().getAsJsonObject()));
            } else if (e.getValue().isJsonObject()) {
                out.add(e.getKey(), applyPatch(new JsonObject(), e.getValue().getAsJsonObject()));
            } else {
                out.add(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }
}
