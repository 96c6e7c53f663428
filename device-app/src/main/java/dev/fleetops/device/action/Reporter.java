package dev.fleetops.device.action;

import com.google.gson.JsonObject;
import dev.fleetops.device.transport.HubException;
import dev.fleetops.device.transport.HubSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends reported-property patches. A failed send is logged, not thrown: the state is already persisted
 * and the full {@code iothubDM} is re-published after the next (re)connect, which repairs the gap.
 */
public final class Reporter {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);
    private final HubSession session;

    public Reporter(HubSession session) {
        this.session = session;
    }

    /** @return whether the hub accepted the patch */
    public boolean send(JsonObject patch) {
        try {
            session.reportProperties(patch);
            return true;
        } catch (HubException e) {
            LOG.warn("report not delivered, will re-publish after reconnect: {}", e.getMessage());
            return false;
        }
    }
}
