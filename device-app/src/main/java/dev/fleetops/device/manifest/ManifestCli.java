package dev.fleetops.device.manifest;

import com.google.gson.JsonObject;
import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.contract.signing.SigningAlgorithm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code device-app.jar manifest keygen|sign}: the operator's tools for signed firmware. Runs offline on
 * the operator's machine; it never talks to the hub or the back-end.
 */
public final class ManifestCli {
    public static final String USAGE = """
            Usage: java -jar device-app.jar manifest keygen --alg ed25519|p256 --out DIR
                   java -jar device-app.jar manifest sign --key DIR/signing-key.pem --version V --sha256 HEX [--size N]
                          [--compatibility MODEL] [--security-version N] [--expires-in-days D]

            keygen writes DIR/signing-key.pem (private, PKCS#8, owner-only) and DIR/signing-key.pub.pem
            (public; give it to devices with --signing-key) and prints the key id.
            sign prints {"signature": …, "signingKeyId": …, "compatibility": …, "securityVersion": …,
            "manifestExpiresAt": …} to merge into a firmware-update request; the key id is printed when the
            public key lies next to the private one (…/signing-key.pub.pem), and the signature is then
            checked against it. The signed bytes are the canonical v2 manifest of docs/contract.md
            (version, sha256, sizeBytes, compatibility, securityVersion, expiresAt; not the URI).
              --compatibility MODEL   the device model the package is for (devices with --model MODEL
                                      install only manifests naming it; default: none, any model
                                      without --model)
              --security-version N    0 or more; raise it with every fix devices must never go back
                                      behind (default 0)
              --expires-in-days D     the manifest expires D days from now, 1-3650 (default 90)

            Exit codes: 0 ok, 2 usage or input error.
            """;

    private ManifestCli() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("--help", "-h").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Map<String, String> o = options(args);
            return switch (args[0]) {
                case "keygen" -> keygen(o, out);
                case "sign" -> sign(o, out);
                default ->
                    throw new IllegalArgumentException(
                            "unknown manifest command '" + args[0] + "'; see manifest --help");
            };
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static int keygen(Map<String, String> o, PrintStream out) throws IOException {
        known(o, Set.of("--alg", "--out"));
        SigningAlgorithm alg = SigningAlgorithm.fromCliName(required(o, "--alg"))
                .orElseThrow(() -> new IllegalArgumentException("--alg must be ed25519 or p256"));
        Path dir = Path.of(required(o, "--out"));
        TrustedKey k = ManifestSigner.writeKeyPair(alg, dir);
        out.println("wrote " + dir.resolve(ManifestSigner.PRIVATE_FILE) + " (keep it offline) and "
                + dir.resolve(ManifestSigner.PUBLIC_FILE) + " (give it to devices: --signing-key)");
        out.println("signingKeyId " + k.id() + " (" + alg.cliName() + ")");
        return 0;
    }

    private static int sign(Map<String, String> o, PrintStream out) throws IOException {
        known(
                o,
                Set.of(
                        "--key",
                        "--version",
                        "--sha256",
                        "--size",
                        "--compatibility",
                        "--security-version",
                        "--expires-in-days"));
        Path keyFile = Path.of(required(o, "--key"));
        // The same validation as the back-end and the device, so a manifest that signs also parses.
        JsonObject probe = new JsonObject();
        probe.addProperty("version", required(o, "--version"));
        probe.addProperty("packageUri", "https://example.invalid/unused");
        probe.addProperty("sha256", required(o, "--sha256"));
        if (o.containsKey("--size")) {
            try {
                probe.addProperty("sizeBytes", Long.parseLong(o.get("--size")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--size must be a whole number of bytes");
            }
        }
        if (o.containsKey("--compatibility")) {
            probe.addProperty("compatibility", o.get("--compatibility"));
        }
        probe.addProperty("securityVersion", number(o, "--security-version", 0, 0, Integer.MAX_VALUE));
        long days = number(o, "--expires-in-days", 90, 1, 3650);
        probe.addProperty("manifestExpiresAt", Timestamps.format(Instant.now().plus(Duration.ofDays(days))));
        Parsed<FirmwareUpdateRequest> parsed = FirmwareUpdateRequest.parse(probe, true);
        if (parsed instanceof Parsed.Invalid<FirmwareUpdateRequest> bad) {
            throw new IllegalArgumentException(bad.summary());
        }
        FirmwareManifest manifest =
                ((Parsed.Valid<FirmwareUpdateRequest>) parsed).value().manifest();
        ManifestSigner signer = ManifestSigner.fromPem(read(keyFile));
        String signature = signer.sign(manifest);
        JsonObject result = new JsonObject();
        result.addProperty("signature", signature);
        Path pub = publicNextTo(keyFile);
        if (pub != null) {
            TrustedKey k = TrustedKey.read(pub);
            if (new ManifestVerifier(List.of(k)).problem(manifest, signature, k.id()) != null) {
                throw new IllegalArgumentException(pub + " is not the public half of " + keyFile);
            }
            result.addProperty("signingKeyId", k.id());
        }
        if (manifest.compatibility() != null) {
            result.addProperty("compatibility", manifest.compatibility());
        }
        result.addProperty("securityVersion", manifest.securityVersion());
        result.addProperty("manifestExpiresAt", manifest.terms().expiresAt());
        out.println(StrictJson.GSON.toJson(result));
        return 0;
    }

    private static long number(Map<String, String> o, String name, long dflt, long min, long max) {
        String v = o.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }

    private static Path publicNextTo(Path privateKey) {
        String name = privateKey.getFileName().toString();
        String pubName = name.endsWith(".pem") ? name.substring(0, name.length() - 4) + ".pub.pem" : name + ".pub";
        Path pub = privateKey.resolveSibling(pubName);
        return Files.isRegularFile(pub) ? pub : null;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + " is not PEM text");
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "expected '--option value', got '" + (a.length() > 60 ? a.substring(0, 60) : a) + "'");
            }
            o.put(a, args[++i]);
        }
        return o;
    }

    private static void known(Map<String, String> o, Set<String> allowed) {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(
                        "unknown option '" + (k.length() > 60 ? k.substring(0, 60) : k) + "'");
            }
        }
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required; see manifest --help");
        }
        return v;
    }
}
