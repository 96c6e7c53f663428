package dev.fleetops.runner.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HubServiceClientTest {
    @Test
    void aSasTokenSignsTheResourceAndExpiryWithThePolicyKey() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        String token =
                HubServiceClient.sasToken("127.0.0.1", "iothubowner", key, Instant.ofEpochSecond(1_800_000_000L));
        assertTrue(token.startsWith("SharedAccessSignature sr=127.0.0.1&sig="), token);
        assertTrue(token.endsWith("&se=1800000000&skn=iothubowner"), token);
        String sig = URLDecoder.decode(
                token.substring(token.indexOf("sig=") + 4, token.indexOf("&se=")), StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = Base64.getEncoder()
                .encodeToString(mac.doFinal("127.0.0.1\n1800000000".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, sig);
    }

    @Test
    void aConnectionStringWithoutAKeyIsRefusedWithoutQuotingIt() {
        Map<String, String> parts =
                HubServiceClient.parseConnectionString("HostName=h.x;SharedAccessKeyName=service;SharedAccessKey=a2V5");
        assertEquals("a2V5", parts.get("SharedAccessKey"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> HubServiceClient.parseConnectionString("HostName=h.x;SharedAccessKeyName=service"));
        assertEquals("the service connection string has no SharedAccessKey", e.getMessage());
    }
}
