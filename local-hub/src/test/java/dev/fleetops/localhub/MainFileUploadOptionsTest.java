package dev.fleetops.localhub;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class MainFileUploadOptionsTest {
    static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final String HTTPS =
            "AccountName=devstoreaccount1;AccountKey=" + KEY + ";BlobEndpoint=https://127.0.0.1:10000/devstoreaccount1";
    static final PrintStream OUT = new PrintStream(new ByteArrayOutputStream());

    private static String refused(String storage, String... args) {
        return assertThrows(IllegalArgumentException.class, () -> Main.parse(args, OUT, storage))
                .getMessage();
    }

    @Test
    void theContainerNeedsTheConnectionStringFromTheEnvironment() {
        String m = refused(null, "--file-upload-container", "device-logs");
        assertTrue(m.contains("LOCAL_HUB_FILE_UPLOAD_STORAGE"), m);
        assertNotNull(Main.parse(new String[] {"--file-upload-container", "device-logs"}, OUT, HTTPS));
    }

    @Test
    void badSettingsAreRefusedWithoutEchoingTheKey() {
        String http = refused(HTTPS.replace("https://", "http://"), "--file-upload-container", "device-logs");
        assertTrue(http.contains("https"), http);
        assertFalse(http.contains(KEY));
        String noKey = refused("AccountName=x;BlobEndpoint=https://h/x", "--file-upload-container", "device-logs");
        assertTrue(noKey.contains("AccountKey"), noKey);
        assertTrue(refused(HTTPS, "--file-upload-container", "Bad_Name").contains("container name"));
        assertTrue(refused(HTTPS, "--file-upload-container", "c1x", "--file-upload-sas-ttl-minutes", "0")
                .contains("1 minute to 24 hours"));
        assertTrue(refused(HTTPS, "--file-upload-sas-ttl-minutes", "5").contains("--file-upload-container"));
        assertTrue(refused(HTTPS, "--device-https-port", "70000").contains("between 0 and 65535"));
    }
}
