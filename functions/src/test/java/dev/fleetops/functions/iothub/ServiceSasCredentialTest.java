package dev.fleetops.functions.iothub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.functions.settings.SettingsException;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServiceSasCredentialTest {
    private static final String KEY = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";
    private final TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void tokensNameTheHostPolicyAndExpiryLikeTheSdkDoes() {
        String token = new ServiceSasCredential("127.0.0.1", "iothubowner", KEY, clock)
                .credential()
                .getSignature();
        assertTrue(token.startsWith("SharedAccessSignature sr=127.0.0.1&sig="), token);
        assertTrue(token.endsWith("&se=" + (clock.instant().getEpochSecond() + 3600) + "&skn=iothubowner"), token);
        assertFalse(token.contains(KEY));
    }

    @Test
    void theTokenIsRenewedOnlyWhenCloseToExpiry() {
        ServiceSasCredential sas = new ServiceSasCredential("hub.local", "service", KEY, clock);
        String first = sas.credential().getSignature();
        clock.advance(Duration.ofMinutes(30));
        sas.renewIfNeeded();
        assertEquals(first, sas.credential().getSignature());
        clock.advance(Duration.ofMinutes(25));
        sas.renewIfNeeded();
        assertNotEquals(first, sas.credential().getSignature());
    }

    @Test
    void connectionStringPartsAreRequiredAndTheKeyNeverLeaks() {
        ServiceConnectionString cs = ServiceConnectionString.parse(
                "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY);
        assertEquals("127.0.0.1", cs.hostName());
        assertFalse(cs.toString().contains(KEY));
        SettingsException e = assertThrows(
                SettingsException.class, () -> ServiceConnectionString.parse("HostName=x;SharedAccessKey=" + KEY));
        assertFalse(e.getMessage().contains(KEY));
        assertThrows(
                SettingsException.class,
                () -> ServiceConnectionString.parse("HostName=x;SharedAccessKeyName=p;SharedAccessKey=%%%"));
    }
}
