package dev.fleetops.localhub.state;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import dev.fleetops.localhub.hub.DeviceCredential;
import dev.fleetops.localhub.hub.DeviceIdentity;
import dev.fleetops.localhub.hub.RegistryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keeps the identity registry (device ids, keys and thumbprints) in {@code registry.json} in the state directory.
 * Files written before X.509 devices existed have no {@code authType}: those devices are {@code sas}.
 */
public final class FileRegistryStore implements RegistryStore {
    public static final String FILE = "registry.json";
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** The stored form; Instants are kept as strings so the file stays readable. */
    private record Entry(
            String deviceId,
            String generationId,
            String etag,
            String primaryKey,
            String secondaryKey,
            boolean enabled,
            String statusReason,
            String statusUpdatedTime,
            String authType,
            String primaryThumbprint,
            String secondaryThumbprint) {
        DeviceCredential credential() {
            if (authType == null || authType.equals("sas")) {
                return new DeviceCredential.SymmetricKeys(primaryKey, secondaryKey);
            }
            return switch (authType) {
                case "selfSigned" -> new DeviceCredential.SelfSigned(primaryThumbprint, secondaryThumbprint);
                case "certificateAuthority" -> new DeviceCredential.CertificateAuthority();
                default -> throw new IllegalArgumentException("unknown authType '" + authType + "' of " + deviceId);
            };
        }

        static Entry of(DeviceIdentity d) {
            DeviceCredential c = d.credential();
            DeviceCredential.SelfSigned t = c instanceof DeviceCredential.SelfSigned s ? s : null;
            return new Entry(
                    d.deviceId(),
                    d.generationId(),
                    d.etag(),
                    d.primaryKey(),
                    d.secondaryKey(),
                    d.enabled(),
                    d.statusReason(),
                    d.statusUpdatedTime().toString(),
                    c.type(),
                    t == null ? null : t.primaryThumbprint(),
                    t == null ? null : t.secondaryThumbprint());
        }
    }

    private final Path file;

    public FileRegistryStore(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    @Override
    public List<DeviceIdentity> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> entries = GSON.fromJson(Files.readString(file), new TypeToken<List<Entry>>() {}.getType());
            List<DeviceIdentity> out = new ArrayList<>();
            for (Entry e : entries == null ? List.<Entry>of() : entries) {
                out.add(new DeviceIdentity(
                        e.deviceId(),
                        e.generationId(),
                        e.etag(),
                        e.credential(),
                        e.enabled(),
                        e.statusReason(),
                        Instant.parse(e.statusUpdatedTime())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is corrupt (" + e.getMessage() + "); fix or remove it", e);
        }
    }

    @Override
    public synchronized void save(Collection<DeviceIdentity> devices) {
        List<Entry> entries = new ArrayList<>();
        for (DeviceIdentity d : devices) {
            entries.add(Entry.of(d));
        }
        try {
            AtomicFiles.write(file, GSON.toJson(entries), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
