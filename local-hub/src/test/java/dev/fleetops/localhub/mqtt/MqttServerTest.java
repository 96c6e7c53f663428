package dev.fleetops.localhub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.tls.TlsMaterial;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real listener on an ephemeral port: TLS in front, hostile bytes never take it down. */
@Timeout(30)
class MqttServerTest {
    @TempDir
    static Path tlsDir;

    private static TlsMaterial tls;
    private static Hub hub;
    private static MqttServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsMaterial.loadOrCreate(tlsDir, List.of());
        hub = TestHubs.hubWithDevice(TestHubs.newKey());
        server = new MqttServer(hub, tls.serverContext(), TestHubs.HOST, 0, MqttLimits.defaults());
        port = server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        hub.close();
    }

    @Test
    void garbageOverTlsIsDroppedAndTheListenerKeepsServing() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (SSLSocket s =
                    (SSLSocket) tls.clientContext().getSocketFactory().createSocket(TestHubs.HOST, port)) {
                s.startHandshake();
                s.getOutputStream()
                        .write(new byte[] {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1});
                s.getOutputStream().flush();
                assertEquals(-1, drain(s.getInputStream()));
            }
        }
        assertEquals(0, server.connectedDevices());
    }

    @Test
    void plaintextClientIsDropped() throws Exception {
        try (Socket s = new Socket(TestHubs.HOST, port)) {
            s.getOutputStream()
                    .write(new byte[] {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00});
            s.getOutputStream().flush();
            assertEquals(-1, drain(s.getInputStream()));
        }
    }

    @Test
    void bindingABusyPortFailsWithAClearMessage() {
        MqttServer second = new MqttServer(hub, tls.serverContext(), TestHubs.HOST, port, MqttLimits.defaults());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
            assertTrue(e.getMessage().contains(":" + port), e.getMessage());
        } finally {
            second.close();
        }
    }

    private static int drain(InputStream in) throws Exception {
        int b;
        do {
            b = in.read();
        } while (b != -1);
        return b;
    }
}
