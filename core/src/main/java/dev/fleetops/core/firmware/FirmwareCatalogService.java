package dev.fleetops.core.firmware;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.signing.ManifestKeyPair;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.Auditor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog's decisions: registering a version (and handing out its upload link), completing it (FleetOps measures
 * the stored package itself and marks it READY or FAILED), deleting it unless an unfinished operation sends it, and
 * resolving requests that name a version. Every write is audited: the intent before anything is written, the outcome
 * after.
 */
public final class FirmwareCatalogService {
    private final FirmwareCatalog catalog;
    private final PackageBlobs blobs;
    private final FirmwareUsage usage;
    private final CatalogSettings settings;
    private final Clock clock;
    private final Auditor audit;
    private final ManifestKeyPair signingKey;

    /** A catalog without a signing key: versions carry the signature their registration brought, or none. */
    public FirmwareCatalogService(
            FirmwareCatalog catalog,
            PackageBlobs blobs,
            FirmwareUsage usage,
            CatalogSettings settings,
            Clock clock,
            Auditor audit) {
        this(catalog, blobs, usage, settings, clock, audit, null);
    }

    /**
     * @param signingKey the key FleetOps signs versions with on an Admin's request ({@link #sign}), or null for none
     */
    public FirmwareCatalogService(
            FirmwareCatalog catalog,
            PackageBlobs blobs,
            FirmwareUsage usage,
            CatalogSettings settings,
            Clock clock,
            Auditor audit,
            ManifestKeyPair signingKey) {
        this.catalog = Objects.requireNonNull(catalog, "'catalog' cannot be null.");
        this.blobs = Objects.requireNonNull(blobs, "'blobs' cannot be null.");
        this.usage = Objects.requireNonNull(usage, "'usage' cannot be null.");
        this.settings = Objects.requireNonNull(settings, "'settings' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
        this.audit = Objects.requireNonNull(audit, "'audit' cannot be null.");
        this.signingKey = signingKey;
    }

    /** Outcome of {@link #register}. */
    public sealed interface Registration {
        /** Registered now, or registered before with the same fields and still waiting for its upload: a fresh link. */
        record Registered(FirmwareEntry entry, String uploadUrl, Instant uploadExpiresAt, boolean created)
                implements Registration {}

        record Invalid(List<FieldError> errors) implements Registration {}

        /** The version exists with other fields, or is past its upload. */
        record Exists(FirmwareEntry existing) implements Registration {}
    }

    /** Outcome of {@link #complete}. */
    public sealed interface Completion {
        record Ready(FirmwareEntry entry) implements Completion {}

        record Failed(FirmwareEntry entry) implements Completion {}

        record NotFound() implements Completion {}

        /** Nothing uploaded yet, or the upload is still changing: the version stays registered. */
        record NotUploaded(String why) implements Completion {}

        /** A FAILED version is not measured again: delete it and register again. */
        record AlreadyFailed(FirmwareEntry entry) implements Completion {}
    }

    /** Outcome of {@link #sign}. */
    public sealed interface Signing {
        record Signed(FirmwareEntry entry) implements Signing {}

        record NotFound() implements Signing {}

        /** Only a READY version has a measured hash and size to sign. */
        record NotReady(FirmwareEntry entry) implements Signing {}

        /** It has a signature already (its registration's, or an earlier signing): never replaced. */
        record AlreadySigned(FirmwareEntry entry) implements Signing {}

        /** The registrar asked: signing is the second person's release decision. */
        record OwnRegistration(FirmwareEntry entry) implements Signing {}

        /** No signing key is configured (FIRMWARE_SIGNING_KEY). */
        record NotConfigured() implements Signing {}
    }

    /** Outcome of {@link #delete}. */
    public sealed interface Deletion {
        record Deleted(FirmwareEntry entry) implements Deletion {}

        record NotFound() implements Deletion {}

        record InUse(List<String> operationIds) implements Deletion {}
    }

    public CatalogSettings settings() {
        return settings;
    }

    /** Whether requests of {@code action} may name a catalog version: firmware updates. */
    public boolean serves(dev.fleetops.contract.Action<?, ?> action) {
        return action == dev.fleetops.contract.Action.FIRMWARE_UPDATE;
    }

    /** Read links for catalog packages, signed per call. */
    public PackageLinks links() {
        return blobs;
    }

    public Registration register(JsonElement body, AuditContext who) {
        Parsed<FirmwareRegistration> parsed = FirmwareRegistration.parse(body, settings.maxSizeBytes());
        if (parsed instanceof Parsed.Invalid<FirmwareRegistration> bad) {
            return new Registration.Invalid(bad.errors());
        }
        FirmwareRegistration r = ((Parsed.Valid<FirmwareRegistration>) parsed).value();
        Instant now = clock.instant();
        FirmwareEntry entry = new FirmwareEntry(
                r.version(),
                r.name(),
                r.compatibility(),
                r.securityVersion(),
                r.manifestExpiresAt(),
                r.signature(),
                r.signingKeyId(),
                FirmwareEntry.blobNameOf(r.version()),
                FirmwareState.REGISTERED,
                r.sizeBytes(),
                r.sha256(),
                null,
                now,
                who.actor().label(),
                null,
                who.actor().objectId(),
                null);
        Optional<FirmwareEntry> existing = catalog.get(r.version());
        if (existing.isPresent()) {
            return sameRegistration(existing.get(), entry)
                    ? link(existing.get(), now, false, who)
                    : new Registration.Exists(existing.get());
        }
        AuditRecord intent = audit.intent(who, target(r.version()), "register firmware " + r.version());
        boolean added;
        try {
            added = catalog.add(entry);
        } catch (RuntimeException e) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.UNKNOWN,
                    "store failed: " + e.getClass().getSimpleName());
            throw e;
        }
        if (!added) {
            audit.outcome(who, intent, AuditOutcome.FAILED, "registered by someone else meanwhile");
            return catalog.get(r.version())
                    .<Registration>map(Registration.Exists::new)
                    .orElseGet(() -> new Registration.Exists(entry));
        }
        audit.outcome(who, intent, AuditOutcome.SUCCEEDED, "registered; upload link issued");
        return link(entry, now, true, null);
    }

    private Registration link(FirmwareEntry entry, Instant now, boolean created, AuditContext reissuedFor) {
        if (entry.state() != FirmwareState.REGISTERED) {
            return new Registration.Exists(entry);
        }
        Instant expires = now.plus(settings.uploadLinkLifetime());
        if (reissuedFor != null) {
            // A fresh write link is a write grant: recorded like the first.
            AuditRecord intent =
                    audit.intent(reissuedFor, target(entry.version()), "new upload link for " + entry.version());
            audit.outcome(reissuedFor, intent, AuditOutcome.SUCCEEDED, "upload link issued again");
        }
        return new Registration.Registered(entry, blobs.uploadLink(entry.blobName(), expires), expires, created);
    }

    private static boolean sameRegistration(FirmwareEntry a, FirmwareEntry b) {
        return Objects.equals(a.name(), b.name())
                && Objects.equals(a.compatibility(), b.compatibility())
                && Objects.equals(a.securityVersion(), b.securityVersion())
                && Objects.equals(a.manifestExpiresAt(), b.manifestExpiresAt())
                && Objects.equals(a.signature(), b.signature())
                && Objects.equals(a.signingKeyId(), b.signingKeyId())
                && (a.state() != FirmwareState.REGISTERED
                        || Objects.equals(a.sha256(), b.sha256()) && Objects.equals(a.sizeBytes(), b.sizeBytes()));
    }

    /**
     * Measures the uploaded package and decides: READY with the measured size and hash, or FAILED when it is too large
     * or is not what the registration announced. Completing a READY version again changes nothing.
     */
    public Completion complete(String version, AuditContext who) {
        Optional<FirmwareEntry> found = catalog.get(version);
        if (found.isEmpty()) {
            return new Completion.NotFound();
        }
        FirmwareEntry entry = found.get();
        if (entry.state() == FirmwareState.READY) {
            return new Completion.Ready(entry);
        }
        if (entry.state() == FirmwareState.FAILED) {
            return new Completion.AlreadyFailed(entry);
        }
        AuditRecord intent = audit.intent(who, target(version), "complete firmware " + version);
        Completion outcome;
        try {
            outcome = decide(entry, blobs.measure(entry.blobName(), settings.maxSizeBytes()));
            if (outcome instanceof Completion.Ready ready) {
                catalog.save(ready.entry());
            } else if (outcome instanceof Completion.Failed failed) {
                catalog.save(failed.entry());
            }
        } catch (RuntimeException e) {
            audit.outcome(
                    who, intent, AuditOutcome.UNKNOWN, "failed: " + e.getClass().getSimpleName());
            throw e;
        }
        if (outcome instanceof Completion.Ready ready) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.SUCCEEDED,
                    "ready: " + ready.entry().sizeBytes() + " bytes, sha256 "
                            + ready.entry().sha256());
        } else if (outcome instanceof Completion.Failed failed) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.REFUSED,
                    "failed: " + failed.entry().failure());
        } else {
            audit.outcome(who, intent, AuditOutcome.FAILED, ((Completion.NotUploaded) outcome).why());
        }
        return outcome;
    }

    /** The decision on what measuring found. */
    Completion decide(FirmwareEntry entry, Measurement m) {
        Instant now = clock.instant();
        if (m instanceof Measurement.Missing) {
            return new Completion.NotUploaded("no package uploaded for " + entry.version() + " yet");
        }
        if (m instanceof Measurement.Unsettled u) {
            return new Completion.NotUploaded(u.why());
        }
        if (m instanceof Measurement.TooLarge t) {
            return new Completion.Failed(entry.failed(
                    "the package has " + t.sizeBytes() + " bytes; the catalog takes at most " + t.maxBytes(), now));
        }
        Measurement.Measured got = (Measurement.Measured) m;
        if (got.sizeBytes() == 0) {
            return new Completion.Failed(entry.failed("the package is empty", now));
        }
        if (entry.sizeBytes() != null && entry.sizeBytes() != got.sizeBytes()) {
            return new Completion.Failed(entry.failed(
                    "the package has " + got.sizeBytes() + " bytes; the registration announced " + entry.sizeBytes(),
                    now));
        }
        if (entry.sha256() != null && !entry.sha256().equals(got.sha256())) {
            return new Completion.Failed(entry.failed(
                    "the package's SHA-256 is " + got.sha256() + "; the registration announced " + entry.sha256(),
                    now));
        }
        return new Completion.Ready(entry.ready(got.sizeBytes(), got.sha256(), now));
    }

    /**
     * Signs a READY, unsigned version with the configured key, so devices that trust only that key install it. The
     * measured hash and size are what is signed, and the registrar may not ask: a second person (an Admin, by the
     * route policy) releases what the first uploaded, as approvals work for fleet operations.
     */
    public Signing sign(String version, AuditContext who) {
        if (signingKey == null) {
            return new Signing.NotConfigured();
        }
        Optional<FirmwareEntry> found = catalog.get(version);
        if (found.isEmpty()) {
            return new Signing.NotFound();
        }
        FirmwareEntry entry = found.get();
        AuditRecord intent = audit.intent(who, target(version), "sign firmware " + version);
        Signing refused = entry.state() != FirmwareState.READY
                ? new Signing.NotReady(entry)
                : entry.signature() != null
                        ? new Signing.AlreadySigned(entry)
                        : who.actor().objectId().equals(entry.registeredById()) || entry.registeredById() == null
                                ? new Signing.OwnRegistration(entry)
                                : null;
        if (refused != null) {
            audit.outcome(who, intent, AuditOutcome.REFUSED, refusalText(refused));
            return refused;
        }
        FirmwareEntry signed = entry.signed(
                signingKey.sign(entry.manifest()),
                signingKey.keyId(),
                who.actor().label());
        try {
            catalog.save(signed);
        } catch (RuntimeException e) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.UNKNOWN,
                    "store failed: " + e.getClass().getSimpleName());
            throw e;
        }
        audit.outcome(
                who,
                intent,
                AuditOutcome.SUCCEEDED,
                "signed with key " + signingKey.keyId() + ": sha256 " + entry.sha256() + ", " + entry.sizeBytes()
                        + " bytes");
        return new Signing.Signed(signed);
    }

    private static String refusalText(Signing refused) {
        if (refused instanceof Signing.NotReady n) {
            return "not ready: " + n.entry().state().wireName();
        }
        if (refused instanceof Signing.AlreadySigned a) {
            return "already signed by key " + a.entry().signingKeyId();
        }
        return "the registrar may not sign their own upload";
    }

    /** The configured signing key's id, when there is one (the catalog page shows which key devices need). */
    public Optional<String> signingKeyId() {
        return Optional.ofNullable(signingKey).map(ManifestKeyPair::keyId);
    }

    public Optional<FirmwareEntry> get(String version) {
        return catalog.get(version);
    }

    public List<FirmwareEntry> list(int max) {
        return catalog.list(max);
    }

    /** Removes a version and its package, unless an unfinished operation sends it. */
    public Deletion delete(String version, AuditContext who) {
        Optional<FirmwareEntry> found = catalog.get(version);
        if (found.isEmpty()) {
            return new Deletion.NotFound();
        }
        FirmwareEntry entry = found.get();
        List<String> users = usage.operationsUsing(blobs.plainUrl(entry.blobName()));
        if (!users.isEmpty()) {
            audit.outcome(
                    who,
                    audit.intent(who, target(version), "delete firmware " + version),
                    AuditOutcome.REFUSED,
                    "in use by operation(s) " + String.join(", ", users));
            return new Deletion.InUse(users);
        }
        AuditRecord intent = audit.intent(who, target(version), "delete firmware " + version);
        try {
            // The entry first: once it is gone nothing resolves the version, so no new operation can name the blob.
            catalog.remove(version);
            blobs.delete(entry.blobName());
        } catch (RuntimeException e) {
            audit.outcome(
                    who, intent, AuditOutcome.UNKNOWN, "failed: " + e.getClass().getSimpleName());
            throw e;
        }
        audit.outcome(who, intent, AuditOutcome.SUCCEEDED, "deleted");
        return new Deletion.Deleted(entry);
    }

    /**
     * A firmware payload with its catalog version resolved ({@link CatalogReference}); any other payload unchanged.
     *
     * @param at the payload's JSON path for error names ({@code firmware}, or empty for a request body)
     */
    public Parsed<JsonElement> resolve(JsonElement payload, String at) {
        if (!CatalogReference.names(payload)) {
            return new Parsed.Valid<>(payload);
        }
        Parsed<JsonObject> p = CatalogReference.resolve(payload.getAsJsonObject(), at, catalog, blobs::plainUrl);
        return p instanceof Parsed.Invalid<JsonObject> bad
                ? new Parsed.Invalid<>(bad.errors())
                : new Parsed.Valid<>(((Parsed.Valid<JsonObject>) p).value());
    }

    private static AuditTarget target(String version) {
        return AuditTarget.route("/api/firmware/" + version);
    }
}
