package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.firmware.FirmwareCatalogService;
import dev.fleetops.core.firmware.FirmwareCatalogService.Completion;
import dev.fleetops.core.firmware.FirmwareCatalogService.Deletion;
import dev.fleetops.core.firmware.FirmwareCatalogService.Registration;
import dev.fleetops.core.firmware.FirmwareCatalogService.Signing;
import dev.fleetops.core.firmware.FirmwareEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The firmware catalog (docs/firmware-catalog.md): {@code POST /api/firmware} registers a version and answers an upload
 * link to Blob storage (packages never pass through the function: HTTP triggers cap request bodies), {@code POST
 * /api/firmware/{version}/complete} has FleetOps measure the upload, {@code POST /api/firmware/{version}/sign} has
 * FleetOps sign it with its configured key (a second Admin), {@code GET /api/firmware[/{version}]} reads the catalog,
 * {@code DELETE /api/firmware/{version}} removes a version no unfinished operation sends.
 */
public final class FirmwareFunctions {
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    private final Supplier<FirmwareCatalogService> catalog;
    private final Supplier<AccessGate> access;

    public FirmwareFunctions(Supplier<FirmwareCatalogService> catalog, Supplier<AccessGate> access) {
        this.catalog = catalog;
        this.access = access;
    }

    @FunctionName("RegisterFirmware")
    public HttpResponseMessage register(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "firmware",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "RegisterFirmware", caller -> {
            RequestBodies.Body body = RequestBodies.read(request, true);
            if (body instanceof RequestBodies.Body.Rejected rejected) {
                return HttpResponses.problem(request, rejected.problem());
            }
            Registration r = catalog.get()
                    .register(
                            ((RequestBodies.Body.Json) body).value(),
                            RequestAudit.context(request, context, caller, "RegisterFirmware"));
            if (r instanceof Registration.Invalid bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            if (r instanceof Registration.Exists e) {
                return HttpResponses.problem(
                        request,
                        Problem.of(
                                        409,
                                        "firmware-version-exists",
                                        "Firmware version already registered",
                                        "Version " + e.existing().version() + " is registered with other fields, or is "
                                                + e.existing().state().wireName()
                                                + ". Delete it first to register it again.")
                                .with("state", e.existing().state().wireName()));
            }
            Registration.Registered ok = (Registration.Registered) r;
            context.getLogger().info("firmware registered version=" + ok.entry().version());
            Map<String, Object> out = view(ok.entry());
            Map<String, Object> upload = new LinkedHashMap<>();
            upload.put("url", ok.uploadUrl());
            upload.put("method", "PUT");
            upload.put("headers", Map.of("x-ms-blob-type", "BlockBlob"));
            upload.put("expiresAt", Timestamps.format(ok.uploadExpiresAt()));
            out.put("upload", upload);
            out.put("completeUrl", location(ok.entry().version()) + "/complete");
            Map<String, String> headers = new LinkedHashMap<>(NO_STORE);
            headers.put("Location", location(ok.entry().version()));
            return HttpResponses.json(request, ok.created() ? 201 : 200, out, headers);
        });
    }

    @FunctionName("CompleteFirmware")
    public HttpResponseMessage complete(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "firmware/{version}/complete",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("version") String version,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "CompleteFirmware", caller -> {
            if (!VERSION.matcher(version).matches()) {
                return HttpResponses.problem(request, Problems.invalid("version", "is not a firmware version"));
            }
            Completion c =
                    catalog.get().complete(version, RequestAudit.context(request, context, caller, "CompleteFirmware"));
            if (c instanceof Completion.Ready ready) {
                return HttpResponses.json(request, 200, view(ready.entry()), NO_STORE);
            }
            if (c instanceof Completion.NotFound) {
                return HttpResponses.problem(request, notFound(version));
            }
            if (c instanceof Completion.NotUploaded n) {
                return HttpResponses.problem(
                        request,
                        Problem.of(409, "firmware-not-uploaded", "Package not uploaded", n.why() + ".")
                                .with("state", "registered"));
            }
            FirmwareEntry failed =
                    c instanceof Completion.Failed f ? f.entry() : ((Completion.AlreadyFailed) c).entry();
            context.getLogger().warning("firmware refused version=" + version + ": " + failed.failure());
            return HttpResponses.problem(
                    request,
                    Problem.of(
                                    422,
                                    "firmware-package-refused",
                                    "Package refused",
                                    "Version " + version + " failed: " + failed.failure()
                                            + ". Delete it and register it again.")
                            .with("state", "failed"));
        });
    }

    @FunctionName("SignFirmware")
    public HttpResponseMessage sign(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "firmware/{version}/sign",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("version") String version,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "SignFirmware", caller -> {
            if (!VERSION.matcher(version).matches()) {
                return HttpResponses.problem(request, Problems.invalid("version", "is not a firmware version"));
            }
            Signing s = catalog.get().sign(version, RequestAudit.context(request, context, caller, "SignFirmware"));
            if (s instanceof Signing.Signed signed) {
                context.getLogger()
                        .info("firmware signed version=" + version + " key="
                                + signed.entry().signingKeyId());
                return HttpResponses.json(request, 200, view(signed.entry()), NO_STORE);
            }
            return HttpResponses.problem(request, signingProblem(version, s));
        });
    }

    private static Problem signingProblem(String version, Signing s) {
        if (s instanceof Signing.NotFound) {
            return notFound(version);
        }
        if (s instanceof Signing.NotConfigured) {
            return Problem.of(
                    409,
                    "signing-not-configured",
                    "No signing key",
                    "FleetOps has no firmware signing key (FIRMWARE_SIGNING_KEY); register versions with their "
                            + "signature instead (docs/firmware-catalog.md).");
        }
        if (s instanceof Signing.NotReady n) {
            return Problem.of(
                            409,
                            "firmware-not-ready",
                            "Firmware not ready",
                            "Version " + version + " is " + n.entry().state().wireName()
                                    + "; only a ready version (measured by FleetOps) is signed.")
                    .with("state", n.entry().state().wireName());
        }
        if (s instanceof Signing.AlreadySigned a) {
            return Problem.of(
                            409,
                            "firmware-already-signed",
                            "Firmware already signed",
                            "Version " + version + " is signed by key "
                                    + a.entry().signingKeyId()
                                    + "; a signature is never replaced. Register a new version to change it.")
                    .with("signingKeyId", a.entry().signingKeyId());
        }
        FirmwareEntry own = ((Signing.OwnRegistration) s).entry();
        return Problem.of(
                403,
                "firmware-self-sign",
                "Sign someone else's upload",
                own.registeredById() == null
                        ? "Who registered version " + version + " is not recorded, so no second person can be told "
                                + "apart; delete it and register it again."
                        : "You registered version " + version + "; another Admin signs it, so two people release "
                                + "firmware to the fleet.");
    }

    @FunctionName("ListFirmware")
    public HttpResponseMessage list(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "firmware",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "ListFirmware", caller -> {
            List<Map<String, Object>> versions = catalog.get().list(500).stream()
                    .map(FirmwareFunctions::view)
                    .toList();
            return HttpResponses.json(request, 200, Map.of("versions", versions), NO_STORE);
        });
    }

    @FunctionName("GetFirmware")
    public HttpResponseMessage get(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "firmware/{version}",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("version") String version,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "GetFirmware", caller -> {
            if (!VERSION.matcher(version).matches()) {
                return HttpResponses.problem(request, Problems.invalid("version", "is not a firmware version"));
            }
            return catalog.get()
                    .get(version)
                    .map(e -> HttpResponses.json(request, 200, view(e), NO_STORE))
                    .orElseGet(() -> HttpResponses.problem(request, notFound(version)));
        });
    }

    @FunctionName("DeleteFirmware")
    public HttpResponseMessage delete(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.DELETE},
                            route = "firmware/{version}",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("version") String version,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "DeleteFirmware", caller -> {
            if (!VERSION.matcher(version).matches()) {
                return HttpResponses.problem(request, Problems.invalid("version", "is not a firmware version"));
            }
            Deletion d =
                    catalog.get().delete(version, RequestAudit.context(request, context, caller, "DeleteFirmware"));
            if (d instanceof Deletion.NotFound) {
                return HttpResponses.problem(request, notFound(version));
            }
            if (d instanceof Deletion.InUse inUse) {
                return HttpResponses.problem(
                        request,
                        Problem.of(
                                        409,
                                        "firmware-in-use",
                                        "Firmware version in use",
                                        "Unfinished operations send version " + version
                                                + "; cancel them or wait until they finish.")
                                .with("operationIds", inUse.operationIds()));
            }
            context.getLogger().info("firmware deleted version=" + version);
            return request.createResponseBuilder(com.microsoft.azure.functions.HttpStatus.NO_CONTENT)
                    .build();
        });
    }

    private static String location(String version) {
        return "/api/firmware/" + version;
    }

    private static Problem notFound(String version) {
        return Problem.of(
                404, "firmware-not-found", "Firmware version not found", "The catalog has no version " + version + ".");
    }

    /** What the API shows of an entry: everything but where the blob is (links are issued per use). */
    static Map<String, Object> view(FirmwareEntry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", e.version());
        v.put("name", e.name());
        v.put("state", e.state().wireName());
        v.put("sizeBytes", e.sizeBytes());
        v.put("sha256", e.sha256());
        v.put("compatibility", e.compatibility());
        v.put("securityVersion", e.securityVersion());
        v.put("manifestExpiresAt", e.manifestExpiresAt());
        v.put("signature", e.signature());
        v.put("signingKeyId", e.signingKeyId());
        v.put("signedBy", e.signedBy());
        v.put("failure", e.failure());
        v.put("registeredAt", Timestamps.format(e.registeredAt()));
        v.put("registeredBy", e.registeredBy());
        v.put("readyAt", e.readyAt() == null ? null : Timestamps.format(e.readyAt()));
        v.values().removeIf(java.util.Objects::isNull);
        return v;
    }
}
