package dev.fleetops.core.logs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.DeviceMethods;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.LogsReport;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.UploadLogsRequest;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.device.ActionOutcome;
import dev.fleetops.core.device.DeviceActionService;
import dev.fleetops.core.hub.DeviceIds;
import dev.fleetops.core.hub.DeviceReply;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.hub.TwinLookup;
import dev.fleetops.core.hub.TwinReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pulls one device's log on demand: validates the caller's request, names the blob ({@code
 * {deviceId}/logs/{operationId}.log.gz}, the path IoT Hub's file upload gives it in the linked container), signs a
 * write link for exactly that blob when devices upload to FleetOps' own SAS URLs, sends {@code uploadLogs} and reads the
 * answer as device actions do (an offline device is the hub's 404103, answered 409 {@code device-offline}). The intent
 * is audited before the method is sent, the outcome after. {@link #status} reads what the device reported and, for a
 * finished upload, signs a short-lived read link.
 */
public final class LogPullService {
    static final String AUDIT_ACTION = DeviceMethods.UPLOAD_LOGS;

    private final MethodInvoker methods;
    private final TwinReader twins;
    private final Clock clock;
    private final Auditor audit;
    private final LogPullSettings settings;
    private final LogLinks links;

    public LogPullService(
            MethodInvoker methods,
            TwinReader twins,
            Clock clock,
            Auditor audit,
            LogPullSettings settings,
            LogLinks links) {
        this.methods = Objects.requireNonNull(methods, "'methods' cannot be null.");
        this.twins = Objects.requireNonNull(twins, "'twins' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
        this.audit = Objects.requireNonNull(audit, "'audit' cannot be null.");
        this.settings = Objects.requireNonNull(settings, "'settings' cannot be null.");
        this.links = Objects.requireNonNull(links, "'links' cannot be null.");
    }

    public LogPullSettings settings() {
        return settings;
    }

    /**
     * @param body the strictly parsed request body ({@code operationId?}, {@code maxBytes?}, {@code since?}), or null
     */
    public LogPullOutcome start(String deviceId, JsonElement body, AuditContext who) {
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            return invalid(List.of(new FieldError("deviceId", idProblem)));
        }
        List<FieldError> errors = new ArrayList<>();
        if (body instanceof JsonObject o) {
            // The back-end names the blob and signs the link: a caller choosing them could write anywhere.
            for (String field : List.of("blobName", "uploadUrl")) {
                if (o.has(field)) {
                    errors.add(new FieldError(field, "is set by FleetOps, not by the caller"));
                }
            }
        }
        Parsed<UploadLogsRequest> parsed = UploadLogsRequest.parse(body, true);
        if (parsed instanceof Parsed.Invalid<UploadLogsRequest> bad) {
            errors.addAll(bad.errors());
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        UploadLogsRequest req = ((Parsed.Valid<UploadLogsRequest>) parsed).value();
        if (OperationIds.isAttemptForm(req.operationId())) {
            return invalid(List.of(new FieldError(
                    "operationId",
                    "must not end in '.a<number>': that form is reserved for fleet operations' attempts")));
        }
        String operationId = req.operationId() == null ? OperationIds.newId() : req.operationId();
        String blobName = UploadLogsRequest.defaultBlobName(operationId);
        String blobPath = deviceId + "/" + blobName;
        String uploadUrl = null;
        if (settings.via() == LogPullSettings.Via.SAS_URL) {
            uploadUrl = links.writeLink(blobPath, clock.instant().plus(settings.linkLifetime()))
                    .orElseThrow(() -> new IllegalStateException(
                            "log uploads are set to SAS URLs but no logs storage can sign them"));
        }
        UploadLogsRequest toDevice =
                new UploadLogsRequest(operationId, blobName, req.maxBytes(), req.since(), uploadUrl);
        JsonElement payload = toDevice.toJson();
        AuditRecord intent = audit.intent(who, AuditTarget.device(deviceId, operationId), AUDIT_ACTION);
        LogPullOutcome outcome;
        try {
            MethodCallResult result = methods.invoke(deviceId, DeviceMethods.UPLOAD_LOGS, payload);
            outcome = result instanceof HubFailure failure
                    ? new LogPullOutcome.NotStarted(new ActionOutcome.HubFailed(deviceId, failure))
                    : interpret(deviceId, operationId, blobPath, (MethodAnswer) result);
        } catch (RuntimeException e) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.UNKNOWN,
                    "no answer: " + e.getClass().getSimpleName());
            throw e;
        }
        if (outcome instanceof LogPullOutcome.Started s) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.SUCCEEDED,
                    (s.duplicate() ? "duplicate: " : "accepted: ") + "log to " + s.container() + "/" + s.blobPath());
        } else {
            ActionOutcome reason = ((LogPullOutcome.NotStarted) outcome).reason();
            audit.outcome(
                    who,
                    intent,
                    DeviceActionService.auditOutcome(reason),
                    reason.getClass().getSimpleName());
        }
        return outcome;
    }

    private LogPullOutcome interpret(String deviceId, String operationId, String blobPath, MethodAnswer answer) {
        DeviceReply reply = DeviceReply.of(answer);
        if (reply instanceof DeviceReply.Refused r) {
            return new LogPullOutcome.NotStarted(
                    new ActionOutcome.DeviceRejected(deviceId, r.status(), r.message(), r.runningOperationId()));
        }
        if (reply instanceof DeviceReply.Failed f) {
            return new LogPullOutcome.NotStarted(new ActionOutcome.DeviceError(deviceId, f.status(), f.message()));
        }
        return new LogPullOutcome.Started(
                deviceId,
                operationId,
                settings.container(),
                blobPath,
                settings.via(),
                reply instanceof DeviceReply.Duplicate,
                reply.message(),
                clock.instant());
    }

    /**
     * What the device reported about its last upload; with {@code operationId}, only that upload. A finished upload
     * to the logs container gets a read link valid for {@link LogPullSettings#linkLifetime()}.
     */
    public LogStatus status(String deviceId, String operationId) {
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            return new LogStatus.Invalid("deviceId", idProblem);
        }
        if (operationId != null && !OperationIds.isValid(operationId)) {
            return new LogStatus.Invalid("operationId", "is not a valid operation id");
        }
        TwinLookup twin = twins.read(deviceId);
        if (twin instanceof HubFailure f) {
            return new LogStatus.HubFailed(f);
        }
        LogsReport report = LogsReport.from(((DeviceTwin) twin).reported().get(LogsReport.PROPERTY));
        if (report == null
                || report.operationId() == null
                || operationId != null && !operationId.equals(report.operationId())) {
            return new LogStatus.NoneReported(deviceId);
        }
        String link = null;
        // The path is FleetOps' own naming, not the device's word: a device cannot get a link to another blob.
        if (LogsReport.UPLOADED.equals(report.status()) && OperationIds.isValid(report.operationId())) {
            String path = deviceId + "/" + UploadLogsRequest.defaultBlobName(report.operationId());
            link = links.readLink(path, clock.instant().plus(settings.linkLifetime()))
                    .orElse(null);
        }
        return new LogStatus.Reported(deviceId, report, link, settings.container());
    }

    private static LogPullOutcome invalid(List<FieldError> errors) {
        return new LogPullOutcome.NotStarted(new ActionOutcome.InvalidRequest(errors));
    }
}
