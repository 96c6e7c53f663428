package dev.fleetops.localhub.files;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shared access signatures signed with the account key, as Azure Storage defines them for version 2020-12-06 ("Create
 * a service SAS", "Create an account SAS" in the Storage REST reference; the same fields and order as
 * azure-storage-blob's {@code BlobSasImplUtil} and Azurite's {@code BlobSASSignatureValues}). Only what the hub needs:
 * a blob SAS for one upload, and an account SAS that may create the container.
 */
public final class BlobSas {
    static final String VERSION = "2020-12-06";

    private BlobSas() {}

    /**
     * A service SAS for one blob, HTTPS only, starting a minute early for clock skew.
     *
     * @param permissions in the canonical order ({@code "rcw"}, {@code "cw"}, {@code "r"})
     * @return the query string with its leading {@code ?}, as IoT Hub's {@code sasToken}
     */
    public static String forBlob(
            StorageAccount account, String container, String blob, String permissions, Instant now, Instant expiry) {
        String start = time(now.minus(1, ChronoUnit.MINUTES));
        String end = time(expiry);
        String resource = "/blob/" + account.accountName() + "/" + container + "/" + blob;
        String toSign = String.join(
                "\n",
                permissions,
                start,
                end,
                resource,
                "", // signedIdentifier
                "", // signedIP
                "https",
                VERSION,
                "b",
                "", // snapshot time
                "", // encryption scope
                "", // rscc
                "", // rscd
                "", // rsce
                "", // rscl
                ""); // rsct
        return "?sv=" + VERSION + "&spr=https&st=" + encode(start) + "&se=" + encode(end) + "&sr=b&sp=" + permissions
                + "&sig=" + encode(sign(account.accountKey(), toSign));
    }

    /** An account SAS that may only create containers ({@code ss=b, srt=c, sp=c}), for {@code lifetime} from now. */
    public static String createContainers(StorageAccount account, Instant now, Instant expiry) {
        String start = time(now.minus(1, ChronoUnit.MINUTES));
        String end = time(expiry);
        String toSign = account.accountName() + "\n" + "c\n" + "b\n" + "c\n" + start + "\n" + end + "\n" + "\n"
                + "https\n" + VERSION + "\n" + "\n";
        return "?sv=" + VERSION + "&ss=b&srt=c&sp=c&spr=https&st=" + encode(start) + "&se=" + encode(end) + "&sig="
                + encode(sign(account.accountKey(), toSign));
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String sign(byte[] key, String toSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
