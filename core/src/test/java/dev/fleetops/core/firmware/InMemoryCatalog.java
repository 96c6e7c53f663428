package dev.fleetops.core.firmware;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The catalog and the firmware container as maps: for decision tests (the Azure adapters have their own tests). */
final class InMemoryCatalog implements FirmwareCatalog, PackageBlobs {
    final Map<String, FirmwareEntry> entries = new ConcurrentHashMap<>();
    final Map<String, Measurement> stored = new ConcurrentHashMap<>();
    final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Optional<FirmwareEntry> get(String version) {
        return Optional.ofNullable(entries.get(version));
    }

    @Override
    public List<FirmwareEntry> list(int max) {
        return entries.values().stream()
                .sorted(Comparator.comparing(FirmwareEntry::registeredAt).reversed())
                .limit(max)
                .toList();
    }

    @Override
    public boolean add(FirmwareEntry entry) {
        return entries.putIfAbsent(entry.version(), entry) == null;
    }

    @Override
    public void save(FirmwareEntry entry) {
        entries.put(entry.version(), entry);
    }

    @Override
    public boolean remove(String version) {
        return entries.remove(version) != null;
    }

    @Override
    public String plainUrl(String blobName) {
        return "https://store.example/firmware/" + blobName;
    }

    @Override
    public String uploadLink(String blobName, Instant expiresAt) {
        return plainUrl(blobName) + "?sp=cw&se=" + expiresAt;
    }

    @Override
    public Measurement measure(String blobName, long maxBytes) {
        Measurement m = stored.getOrDefault(blobName, new Measurement.Missing());
        return m instanceof Measurement.Measured got && got.sizeBytes() > maxBytes
                ? new Measurement.TooLarge(got.sizeBytes(), maxBytes)
                : m;
    }

    @Override
    public void delete(String blobName) {
        deleted.add(blobName);
        stored.remove(blobName);
    }

    @Override
    public Optional<String> readLink(String packageUri, Instant expiresAt) {
        return packageUri.startsWith("https://store.example/firmware/")
                ? Optional.of(packageUri + "?sp=r&se=" + expiresAt)
                : Optional.empty();
    }
}
