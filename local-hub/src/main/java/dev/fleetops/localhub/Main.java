package dev.fleetops.localhub;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar local-hub.jar [options]}: runs a local IoT Hub until interrupted. */
public final class Main {
    static final String USAGE = """
            Usage: java -jar local-hub.jar [options]

            An offline Azure IoT Hub for development and tests: MQTT over TLS for devices,
            the HTTPS service API for back-ends. State (certificates, keys, devices) lives in
            the state directory and is reused on restart.

            Options:
              --state-dir DIR        where state is kept (default ./.local-hub)
              --devices N            pre-register device-001 ... device-N (default 0)
              --device-prefix P      prefix of pre-registered device ids (default device-)
              --mqtt-port N          MQTT/TLS port (default 8883; the Java device SDK only uses 8883)
              --https-port N         HTTPS service API port (default 8443)
              --host-name NAME       host name put in connection strings (default 127.0.0.1)
              --bind ADDRESS         listen address (default 127.0.0.1)
              --allow-non-loopback   allow a non-loopback --bind address
              --verified-ca PEM      trust this CA for certificateAuthority (X.509) devices;
                                     repeatable (IoT Hub's verified CA certificates)
              --device-https-port N  also serve HTTPS on this port for devices (file upload);
                                     the Java device SDK always uses 443 (default: none)
              --file-upload-container NAME
                                     link a storage account for device file uploads: the
                                     container; the account's connection string (key, https
                                     blob endpoint) is read from LOCAL_HUB_FILE_UPLOAD_STORAGE
              --file-upload-sas-ttl-minutes N
                                     lifetime of the upload SAS (1-1440, default 60)
              --sku F1|S1|S2|S3      enforce that tier's throttles (429 past them; default: off)
              --units N              IoT Hub units for --sku (default 1)
              --help                 show this text
            """;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        LocalHub.Builder b;
        try {
            b = parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("Run with --help for usage.");
            System.exit(2);
            return;
        }
        if (b == null) {
            return;
        }
        LocalHub hub;
        try {
            hub = b.start();
        } catch (RuntimeException e) {
            System.err.println("error: cannot start the local hub: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            hub.close();
                            stop.countDown();
                        },
                        "local-hub-shutdown"));
        System.out.println(
                "local hub running: MQTT/TLS 127.0.0.1:" + hub.mqttPort() + ", HTTPS " + hub.serviceEndpoint());
        if (hub.deviceHttpsPort() >= 0) {
            System.out.println("device HTTPS (file upload): 127.0.0.1:" + hub.deviceHttpsPort()
                    + (hub.hub().fileUploads().configured() ? "" : " (file upload not configured)"));
        }
        System.out.println("devices registered: " + hub.hub().identities().size());
        System.out.println("CA certificate: " + hub.caFile());
        System.out.println("local-hub.json: " + hub.configFile());
        stop.await();
    }

    /** Parses options; returns null when only help was asked for. */
    static LocalHub.Builder parse(String[] args, PrintStream out) {
        return parse(args, out, System.getenv("LOCAL_HUB_FILE_UPLOAD_STORAGE"));
    }

    /** @param storage the file upload account's connection string (kept out of the command line: it holds a key) */
    static LocalHub.Builder parse(String[] args, PrintStream out, String storage) {
        LocalHub.Builder b = LocalHub.builder();
        String container = null;
        int ttlMinutes = 60;
        dev.fleetops.localhub.throttle.Sku sku = null;
        int units = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return null;
                }
                case "--state-dir" -> b.stateDir(Path.of(value(args, ++i, a)));
                case "--devices" -> b.devices(number(value(args, ++i, a), a));
                case "--device-prefix" -> b.devicePrefix(value(args, ++i, a));
                case "--mqtt-port" -> b.mqttPort(port(value(args, ++i, a), a));
                case "--https-port" -> b.httpsPort(port(value(args, ++i, a), a));
                case "--host-name" -> b.hostName(value(args, ++i, a));
                case "--bind" -> b.bindHost(value(args, ++i, a));
                case "--allow-non-loopback" -> b.allowNonLoopback(true);
                case "--verified-ca" -> b.verifiedCa(Path.of(value(args, ++i, a)));
                case "--sku" -> sku = dev.fleetops.localhub.throttle.Sku.parse(value(args, ++i, a));
                case "--units" -> units = number(value(args, ++i, a), a);
                case "--device-https-port" -> b.deviceHttpsPort(port(value(args, ++i, a), a));
                case "--file-upload-container" -> container = value(args, ++i, a);
                case "--file-upload-sas-ttl-minutes" -> ttlMinutes = number(value(args, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (container != null) {
            if (storage == null || storage.isBlank()) {
                throw new IllegalArgumentException(
                        "--file-upload-container needs the storage connection string in LOCAL_HUB_FILE_UPLOAD_STORAGE");
            }
            b.fileUpload(new dev.fleetops.localhub.files.FileUploadSettings(
                    dev.fleetops.localhub.files.StorageAccount.parse(storage),
                    container,
                    java.time.Duration.ofMinutes(ttlMinutes)));
        } else if (ttlMinutes != 60) {
            throw new IllegalArgumentException("--file-upload-sas-ttl-minutes needs --file-upload-container");
        }
        if (sku != null) {
            b.sku(sku, units);
        } else if (units != 1) {
            throw new IllegalArgumentException("--units needs --sku");
        }
        return b;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String s, String option) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number");
        }
    }

    private static int port(String s, String option) {
        int p = number(s, option);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(option + " must be between 0 and 65535");
        }
        return p;
    }
}
