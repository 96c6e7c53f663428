package dev.fleetops.device.identity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code device-app.jar cert create}: makes a device's self-signed certificate and key in its state directory, on
 * the device, and prints what to register. The key never leaves the directory; only thumbprints are printed.
 */
public final class CertCli {
    public static final String USAGE = """
            Usage: java -jar device-app.jar cert create --device-id ID --state-dir DIR [--days N]

            Creates DIR/device-cert.pem (CN=ID, EC P-256, self-signed) and DIR/device-key.pem (owner-only,
            0600) unless they exist, and prints their paths and the certificate's SHA-256 and SHA-1
            thumbprints. Register the device as selfSigned with one of them, e.g.
              az iot hub device-identity create -n HUB -d ID --am x509_thumbprint --ptp SHA256
            and run it with --connection-string "HostName=…;DeviceId=ID;x509=true"
            --cert-file DIR/device-cert.pem --key-file DIR/device-key.pem.
              --days N    validity, 1-3650 (default 365)

            Exit codes: 0 ok, 1 the files cannot be written, 2 usage error.
            """;

    private CertCli() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("--help", "-h").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (!args[0].equals("create")) {
            err.println("error: unknown cert command; see cert --help");
            return 2;
        }
        String deviceId = null;
        String dir = null;
        int days = 365;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                err.println("error: " + safe(a) + " needs a value; see cert --help");
                return 2;
            }
            String v = args[++i];
            switch (a) {
                case "--device-id" -> deviceId = v;
                case "--state-dir" -> dir = v;
                case "--days" -> days = days(v);
                default -> {
                    err.println("error: unknown option '" + safe(a) + "'; see cert --help");
                    return 2;
                }
            }
        }
        if (deviceId == null || !deviceId.matches("[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}") || dir == null || days < 1) {
            err.println("error: cert create needs --device-id (an IoT Hub device id), --state-dir and --days 1-3650");
            return 2;
        }
        try {
            SelfSignedCertificate.Created c =
                    SelfSignedCertificate.createOrLoad(Path.of(dir), deviceId, Duration.ofDays(days));
            out.println("certificate: " + c.certFile());
            out.println("key:         " + c.keyFile() + " (owner-only)");
            out.println("sha256:      " + c.sha256());
            out.println("sha1:        " + c.sha1());
            return 0;
        } catch (IOException e) {
            err.println("error: cannot write the certificate in " + dir + ": " + e.getMessage());
            return 1;
        }
    }

    private static int days(String v) {
        try {
            int n = Integer.parseInt(v);
            return n >= 1 && n <= 3650 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String safe(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) : clean;
    }
}
