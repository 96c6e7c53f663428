package dev.fleetops.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    // The Standard Webhooks specification's test vector (its reference libraries test against it).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsTheSpecificationsTestVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.sign(SECRET, ID, TS, BODY));
    }

    @Test
    void verifiesWithinTheToleranceAndRefusesTamperingAndOldMessages() {
        String sig = WebhookSignature.sign(SECRET, ID, TS, BODY);
        assertTrue(WebhookSignature.verify(SECRET, ID, Long.toString(TS), BODY, "v1,bm9wZQ== " + sig, TS + 10));
        assertFalse(WebhookSignature.verify(SECRET, ID, Long.toString(TS), BODY + " ", sig, TS));
        assertFalse(WebhookSignature.verify(SECRET, "msg_other", Long.toString(TS), BODY, sig, TS));
        assertFalse(WebhookSignature.verify(SECRET, ID, Long.toString(TS), BODY, sig, TS + 301));
        assertFalse(WebhookSignature.verify(SECRET, ID, "soon", BODY, sig, TS));
    }

    @Test
    void newSecretsAreStandardWebhooksSecretsOfThirtyTwoRandomBytes() {
        SecureRandom random = new SecureRandom();
        String a = WebhookSignature.newSecret(random);
        assertTrue(a.startsWith("whsec_"));
        assertEquals(32, java.util.Base64.getDecoder().decode(a.substring(6)).length);
        assertFalse(a.equals(WebhookSignature.newSecret(random)));
    }
}
