package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A hypothetical fourth action, written the way docs/contract.md ("Adding an action") describes: the
 * device collects a diagnostics bundle and uploads it to a URI it is given. Everything the contract needs
 * is in this one file (request, statuses, report, and the {@link Action} that ties them together); it is
 * test code so that the tests of contract, core and the device app can run it through every generic path
 * and show that none of them needed a change for it.
 */
public final class DiagnosticsUpload {
    /** What would be one more constant in {@link Action} (and one more entry of {@link Action#all()}). */
    public static final Action<Request, Report> ACTION = Action.define(
                    "DIAGNOSTICS_UPLOAD", "diagnosticsUpload", Request::parse, Report.class, Status.values())
            .withRolloutPayload("diagnostics");

    private DiagnosticsUpload() {}

    /**
     * Payload of {@code diagnosticsUpload}.
     *
     * @param uploadUri where to upload the bundle; https only, never reported (it may carry a SAS signature)
     */
    public record Request(String operationId, String uploadUri) implements ActionRequest {
        static final Set<String> FIELDS = JsonFields.fields("operationId", "uploadUri");

        public static Parsed<Request> parse(JsonElement payload, boolean rejectUnknown) {
            List<FieldError> errors = new ArrayList<>();
            JsonObject obj = JsonFields.objectOrEmpty(payload, errors);
            JsonFields f = new JsonFields(obj, FIELDS, rejectUnknown);
            String id = f.string("operationId", false, OperationIds.MAX_LENGTH);
            OperationIds.check("operationId", id, f);
            String uri = f.string("uploadUri", true, FirmwareUpdateRequest.MAX_URI_LENGTH);
            String problem = uri == null ? null : FirmwareUpdateRequest.httpsUriProblem(uri);
            if (problem != null) {
                f.error("uploadUri", problem);
            }
            errors.addAll(f.errors());
            return Parsed.of(new Request(id, uri), errors);
        }

        @Override
        public Request withOperationId(String id) {
            return new Request(id, uploadUri);
        }

        @Override
        public Action<Request, Report> action() {
            return ACTION;
        }
    }

    /** Values of {@code iothubDM.diagnosticsUpload.status}. */
    public enum Status implements ActionStatus {
        @SerializedName("collecting")
        COLLECTING,
        @SerializedName("uploading")
        UPLOADING,
        @SerializedName("uploaded")
        UPLOADED,
        @SerializedName("failed")
        FAILED;

        @Override
        public String wireName() {
            return Wire.nameOf(this);
        }

        @Override
        public boolean isTerminal() {
            return this == UPLOADED || this == FAILED;
        }

        @Override
        public boolean isFailure() {
            return this == FAILED;
        }
    }

    /** {@code iothubDM.diagnosticsUpload} in reported properties. */
    public record Report(
            Status status, String operationId, Long bundleBytes, String startedAt, String updatedAt, ErrorInfo error)
            implements ActionReport {
        @Override
        public Action<Request, Report> action() {
            return ACTION;
        }
    }
}
