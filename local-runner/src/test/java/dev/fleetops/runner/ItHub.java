package dev.fleetops.runner;

import com.google.gson.Gson;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.state.PolicyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * A local IoT hub for the in-process integration tests. The app reads its hub connection from this JVM's
 * environment, which failsafe sets from pom.xml ({@code it.hub.https-port}, {@code it.hub.service-key}), so the
 * hub's HTTPS port and its {@code service} policy key are fixed: the key is written to the policy file before
 * the hub starts. MQTT gets any free port; nothing connects over it here.
 */
final class ItHub {
    private ItHub() {}

    static LocalHub start(Path stateDir, int devices) throws IOException, InterruptedException {
        String key = System.getProperty("it.hub.service-key");
        int port = Integer.parseInt(System.getProperty("it.hub.https-port", "0"));
        if (key == null || port == 0) {
            throw new IllegalStateException(
                    "run through failsafe (mvn verify): it.hub.service-key and it.hub.https-port come from pom.xml");
        }
        List<AccessPolicy> policies = AccessPolicy.defaults(new SecureRandom()).stream()
                .map(p -> p.name().equals("service") ? new AccessPolicy(p.name(), key, p.rights()) : p)
                .toList();
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve(PolicyFile.FILE), new Gson().toJson(policies));
        return LocalHub.builder()
                .stateDir(stateDir)
                .httpsPort(port)
                .mqttPort(0)
                .devices(devices)
                .start();
    }
}
