package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.audit.InMemoryAuditLog;
import dev.fleetops.core.firmware.CatalogSettings;
import dev.fleetops.core.firmware.FirmwareCatalogService;
import dev.fleetops.core.firmware.FirmwareCatalogService.Completion;
import dev.fleetops.core.firmware.FirmwareCatalogService.Deletion;
import dev.fleetops.core.firmware.FirmwareCatalogService.Registration;
import dev.fleetops.core.firmware.FirmwareEntry;
import dev.fleetops.core.firmware.FirmwareState;
import dev.fleetops.core.firmware.Measurement;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.testkit.Packages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The catalog's Azure adapters against Azurite: links are real SAS tokens on one blob, used with a plain HTTP client as
 * an uploader and a device would; FleetOps measures what storage holds; the Table entries round-trip.
 */
class FirmwareStorageIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final BlobServiceClient blobs = new BlobServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient();
    private final BlobFirmwarePackages packages = new BlobFirmwarePackages(
            blobs,
            "firmware-" + run,
            BlobFirmwarePackages.Signing.ACCOUNT_KEY,
            Duration.ofSeconds(60),
            Clock.systemUTC());
    private final TableFirmwareCatalog table = new TableFirmwareCatalog(new TableServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .buildClient());
    private final Instant in30min = Instant.now().plus(Duration.ofMinutes(30));

    private static HttpResponse<byte[]> put(String url, byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("x-ms-blob-type", "BlockBlob")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anUploadThroughTheWriteLinkIsMeasuredByFleetOpsAndReadOnlyThroughAReadLink() throws Exception {
        byte[] image = Packages.randomBytes(300 * 1024);
        String blob = run + "/package.bin";
        String upload = packages.uploadLink(blob, in30min);
        assertTrue(upload.startsWith(packages.plainUrl(blob) + "?"), upload);
        assertEquals(201, put(upload, image).statusCode());
        assertEquals(403, get(upload).statusCode(), "an upload link cannot read");
        Measurement.Measured m = assertInstanceOf(Measurement.Measured.class, packages.measure(blob, 1024 * 1024));
        assertEquals(image.length, m.sizeBytes());
        assertEquals(Packages.sha256(image), m.sha256());
        String read = packages.readLink(packages.plainUrl(blob), in30min).orElseThrow();
        HttpResponse<byte[]> download = get(read);
        assertEquals(200, download.statusCode());
        assertArrayEquals(image, download.body());
        assertEquals(403, put(read, new byte[] {1}).statusCode(), "a read link cannot write");
        assertEquals(403, get(packages.plainUrl(blob)).statusCode(), "no link, no access");
        String otherBlob = read.replace("package.bin?", "other.bin?");
        assertTrue(otherBlob.contains("other.bin?"), otherBlob);
        assertEquals(
                201,
                put(packages.uploadLink(run + "/other.bin", in30min), image).statusCode());
        assertEquals(403, get(otherBlob).statusCode(), "a link names one blob");
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        String blob = run + "/package.bin";
        assertEquals(
                201,
                put(packages.uploadLink(blob, in30min), new byte[] {1, 2, 3}).statusCode());
        String expired = packages.readLink(
                        packages.plainUrl(blob), Instant.now().minusSeconds(60))
                .orElseThrow();
        assertEquals(403, get(expired).statusCode());
    }

    @Test
    void anOversizedPackageIsRefusedUnreadAndAMissingOneIsMissing() throws Exception {
        String blob = run + "/package.bin";
        assertInstanceOf(Measurement.Missing.class, packages.measure(blob, 10));
        assertEquals(201, put(packages.uploadLink(blob, in30min), new byte[64]).statusCode());
        Measurement.TooLarge big = assertInstanceOf(Measurement.TooLarge.class, packages.measure(blob, 10));
        assertEquals(64, big.sizeBytes());
    }

    @Test
    void onlyCatalogUrlsGetLinks() {
        assertTrue(packages.readLink("https://cdn.example/fw.bin", in30min).isEmpty());
        assertTrue(packages.readLink(packages.plainUrl("x/package.bin") + "?sig=1", in30min)
                .isEmpty());
        assertFalse(
                packages.readLink(packages.plainUrl("x/package.bin"), in30min).isEmpty());
    }

    @Test
    void registerUploadCompleteAndDeleteOnlyOnceNoOperationSendsIt() throws Exception {
        java.util.List<String> inUse = new java.util.concurrent.CopyOnWriteArrayList<>();
        String version = "9.0." + Math.abs(run.hashCode());
        FirmwareCatalogService service = new FirmwareCatalogService(
                table,
                packages,
                uri -> uri.equals(packages.plainUrl(FirmwareEntry.blobNameOf(version)))
                        ? java.util.List.copyOf(inUse)
                        : java.util.List.of(),
                new CatalogSettings(1024 * 1024, Duration.ofMinutes(30), Duration.ofMinutes(60)),
                Clock.systemUTC(),
                new Auditor(new InMemoryAuditLog(), Clock.systemUTC()));
        AuditContext who = AuditContext.named("it", "Firmware");
        byte[] image = Packages.randomBytes(100 * 1024);
        Registration.Registered r = assertInstanceOf(
                Registration.Registered.class,
                service.register(
                        StrictJson.parse("{\"name\":\"it image\",\"version\":\"" + version + "\",\"sha256\":\""
                                + Packages.sha256(image) + "\"}"),
                        who));
        assertEquals(FirmwareState.REGISTERED, table.get(version).orElseThrow().state());
        assertInstanceOf(Completion.NotUploaded.class, service.complete(version, who));
        assertEquals(201, put(r.uploadUrl(), image).statusCode());
        Completion.Ready ready = assertInstanceOf(Completion.Ready.class, service.complete(version, who));
        FirmwareEntry stored = table.get(version).orElseThrow();
        assertEquals(ready.entry(), stored, "the Table row round-trips every field");
        assertEquals(image.length, stored.sizeBytes());
        assertTrue(table.list(500).stream().anyMatch(e -> e.version().equals(version)));

        inUse.add("op-1");
        Deletion.InUse refused = assertInstanceOf(Deletion.InUse.class, service.delete(version, who));
        assertEquals(java.util.List.of("op-1"), refused.operationIds());
        assertTrue(table.get(version).isPresent());
        assertInstanceOf(Measurement.Measured.class, packages.measure(stored.blobName(), 1024 * 1024));
        inUse.clear();
        assertInstanceOf(Deletion.Deleted.class, service.delete(version, who));
        assertTrue(table.get(version).isEmpty());
        assertInstanceOf(Measurement.Missing.class, packages.measure(stored.blobName(), 1024 * 1024));
    }
}
