package dev.fleetops.device.logupload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    static final String KEY = "q9Zt4mB2xY7wVn3Lk8pRs1Dh6Fj0Gc5Ea2Ub4Ti9Oo=";
    static final String CS = "HostName=hub.azure-devices.net;DeviceId=dev-1;SharedAccessKey=" + KEY;

    private static List<String> run(String... lines) {
        Redactor r = new Redactor(List.of(CS, KEY));
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String x = r.redact(l);
            if (x != null) {
                out.add(x);
            }
        }
        return out;
    }

    private static void assertClean(List<String> out, String... secrets) {
        String all = String.join("\n", out);
        for (String s : secrets) {
            assertFalse(all.contains(s), "leaked " + s + " in:\n" + all);
        }
    }

    @Test
    void theDevicesOwnConnectionStringAndKeyGoWhereverTheyAppear() {
        List<String> out = run(
                "connecting with " + CS,
                "key=" + KEY + " (plain)",
                "encoded " + java.net.URLEncoder.encode(KEY, java.nio.charset.StandardCharsets.UTF_8),
                "HostName=hub.azure-devices.net is ordinary text");
        assertClean(out, KEY, KEY.substring(0, 20), "q9Zt4mB2xY7wVn3Lk8pRs1Dh6Fj0Gc5Ea2Ub4Ti9Oo%3D");
        assertEquals("HostName=hub.azure-devices.net is ordinary text", out.get(3));
    }

    @Test
    void secretShapesAreRedactedWhoseeverTheyAre() {
        List<String> out = run(
                "cs HostName=x.net;DeviceId=d;SharedAccessKey=b3RoZXJrZXlvdGhlcmtleQ==;x=y",
                "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;",
                "token SharedAccessSignature sr=x.net%2Fdevices%2Fd&sig=abcDEF123%2B%3D&se=1700000000",
                "GET https://acct.blob.core.windows.net/c/b?sv=2020-12-06&sp=r&sig=SECRETSIG%2Fx%3D&se=2026",
                "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
                "password=hunter2hunter2 and client_secret: s3cr3tValue");
        assertClean(
                out,
                "b3RoZXJrZXlvdGhlcmtleQ",
                "Eby8vdM02x",
                "abcDEF123",
                "SECRETSIG",
                "eyJhbGciOiJSUzI1NiJ9",
                "hunter2",
                "s3cr3tValue");
        assertTrue(out.get(3).contains("sv=2020-12-06&sp=r&sig=" + Redactor.MARK), out.get(3));
        assertTrue(out.get(0).endsWith(";x=y"), out.get(0));
    }

    @Test
    void aPemPrivateKeyIsDroppedWholeAndNothingAfterItIsLost() {
        List<String> out = run(
                "loading key",
                "-----BEGIN PRIVATE KEY-----",
                "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETPART1",
                "hRANCAAQSECRETPART2==",
                "-----END PRIVATE KEY-----",
                "after the key",
                "inline -----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIINLINESECRET\\n-----END EC PRIVATE KEY----- done");
        assertClean(out, "SECRETPART1", "SECRETPART2", "INLINESECRET");
        assertEquals(
                List.of("loading key", Redactor.KEY_MARK, "after the key", "inline " + Redactor.KEY_MARK + " done"),
                out);
    }

    @Test
    void aKeyCutShortEndsAtTheFirstLineThatIsNotBase64() {
        List<String> out = run("-----BEGIN RSA PRIVATE KEY-----", "MIIEpAIBAAKCAQEAsecretbits", "2026-01-01 next line");
        assertClean(out, "secretbits");
        assertEquals("2026-01-01 next line", out.get(1));
    }

    @Test
    void secretsSplitOverALineBreakAreCaughtOnBothLines() {
        List<String> out = run(
                "SharedAccessKey=",
                KEY + " trailing",
                "the key is " + KEY.substring(0, 17),
                KEY.substring(17) + " rest",
                "only the tail " + "X",
                KEY.substring(30) + " at the start",
                "sig=",
                "  abcdefSIGVALUE&se=1");
        assertClean(out, KEY.substring(0, 17), KEY.substring(17), KEY.substring(30), "abcdefSIGVALUE");
        assertTrue(out.get(3).endsWith(" rest"), out.get(3));
    }

    @Test
    void binaryAndControlCharactersBecomeReplacementCharacters() {
        String line = run("a\u0000b\u001b[31mred\u007f\ud800x\tz").get(0);
        assertEquals("a\uFFFDb\uFFFD[31mred\uFFFD\uFFFDx\tz", line);
    }

    @Test
    void aHugeLineIsRedactedInFull() {
        String huge = "x".repeat(200_000) + " SharedAccessKey=" + "k".repeat(50) + " " + "y".repeat(200_000);
        String out = run(huge).get(0);
        assertFalse(out.contains("kkkkkkkkkk"));
        assertEquals(huge.length() - 50 + Redactor.MARK.length(), out.length());
    }

    @Test
    void noSecretsMeansNothingChanges() {
        Redactor r = new Redactor(java.util.Arrays.asList(null, "short"));
        assertEquals("plain line short", r.redact("plain line short"));
        Redactor empty = new Redactor(List.of());
        assertEquals(Redactor.KEY_MARK, empty.redact("-----BEGIN PRIVATE KEY-----MIIE"));
        assertNull(empty.redact("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"));
    }
}
