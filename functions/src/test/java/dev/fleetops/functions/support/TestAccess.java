package dev.fleetops.functions.support;

import dev.fleetops.core.identity.AccessPolicy;
import dev.fleetops.core.identity.AuthSettings;
import dev.fleetops.core.identity.Authenticator;
import dev.fleetops.functions.http.AccessGate;
import java.util.Map;
import java.util.function.Supplier;

/** Access gates for function tests, built from settings as the app builds them. */
public final class TestAccess {
    private TestAccess() {}

    /** Key mode with an Admin automation principal: every route is open to a request with a key. */
    public static Supplier<AccessGate> admin() {
        return of(Map.of(AuthSettings.AUTOMATION_ROLE, "FleetOps.Admin"));
    }

    /** The gate the app builds from these settings. */
    public static Supplier<AccessGate> of(Map<String, String> settings) {
        AuthSettings auth = ((dev.fleetops.contract.Parsed.Valid<AuthSettings>) AuthSettings.from(settings)).value();
        AccessPolicy policy = ((dev.fleetops.contract.Parsed.Valid<AccessPolicy>) AccessPolicy.from(settings)).value();
        AccessGate gate = new AccessGate(new Authenticator(auth), policy);
        return () -> gate;
    }
}
