package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class UpdatePipelineContractTest {

    @Test
    @SuppressWarnings("unchecked")
    void rollbackRequestAcceptsAnEmptyPayloadAndRejectsABadOperationId() {
        assertInstanceOf(Parsed.Valid.class, RollbackRequest.parse(JsonNull.INSTANCE, true));
        Parsed<RollbackRequest> bad = RollbackRequest.parse(StrictJson.parse("{\"operationId\":\"no spaces\"}"), true);
        assertEquals(
                "operationId",
                ((Parsed.Invalid<RollbackRequest>) assertInstanceOf(Parsed.Invalid.class, bad))
                        .errors()
                        .get(0)
                        .field());
        assertInstanceOf(
                Parsed.Invalid.class,
                RollbackRequest.parse(StrictJson.parse("{\"extra\":1}"), true),
                "the back-end parses strictly");
    }

    @Test
    void rollbackIsNotAnActionSoBackEndsIteratingActionsAreUnaffected() {
        assertTrue(Action.fromMethodName(DeviceMethods.ROLLBACK).isEmpty());
    }

    @Test
    void progressPatchSitsBesideTheFirmwareSectionAndDoesNotDisturbReadingIt() {
        JsonObject patch = new DownloadProgressReport("op-1", 512, 1024L, 50, "2026-01-01T00:00:00.000Z").patch();
        JsonObject progress = patch.getAsJsonObject("iothubDM").getAsJsonObject("firmwareUpdateProgress");
        assertEquals(512, progress.get("bytesDownloaded").getAsLong());
        assertEquals(50, progress.get("percent").getAsInt());
        assertEquals(
                DmReported.EMPTY.section(Action.FIRMWARE_UPDATE),
                DmReported.fromReported(patch).section(Action.FIRMWARE_UPDATE));
    }
}
