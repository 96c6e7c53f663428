package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadLogsRequestTest {
    private static Parsed<UploadLogsRequest> parse(String json) {
        return UploadLogsRequest.parse(JsonParser.parseString(json), true);
    }

    @Test
    void anEmptyRequestTakesTheDefaults() {
        UploadLogsRequest r = ((Parsed.Valid<UploadLogsRequest>) parse("{}")).value();
        assertNull(r.operationId());
        assertEquals(UploadLogsRequest.DEFAULT_BYTES, r.maxBytesOrDefault());
        assertEquals("logs/op-1.log.gz", r.blobNameOr("op-1"));
    }

    @Test
    void everyFieldIsRead() {
        UploadLogsRequest r = ((Parsed.Valid<UploadLogsRequest>)
                        parse(
                                "{\"operationId\":\"op-2\",\"blobName\":\"diag/a_b-1.log.gz\",\"maxBytes\":4096,"
                                        + "\"since\":\"2026-12-01T00:00:00.000Z\",\"uploadUrl\":\"https://x.example/c/b?sig=1\"}"))
                .value();
        assertEquals("diag/a_b-1.log.gz", r.blobName());
        assertEquals(4096L, r.maxBytes());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), r.since());
        assertEquals("https://x.example/c/b", UploadLogsRequest.withoutQuery(r.uploadUrl()));
    }

    @Test
    void badFieldsAreNamed() {
        Parsed.Invalid<UploadLogsRequest> bad = assertInstanceOf(
                Parsed.Invalid.class,
                parse("{\"blobName\":\"../x\",\"maxBytes\":99999999999,\"since\":\"yesterday\","
                        + "\"uploadUrl\":\"http://plain.example/x\"}"));
        String s = bad.summary();
        for (String field : new String[] {"blobName", "maxBytes", "since", "uploadUrl"}) {
            assertTrue(s.contains(field), s);
        }
        assertInstanceOf(Parsed.Invalid.class, parse("{\"blobName\":\"a//b\"}"));
        assertInstanceOf(Parsed.Invalid.class, parse("{\"blobName\":\".hidden\"}"));
        assertInstanceOf(Parsed.Invalid.class, parse("{\"maxBytes\":10}"));
    }
}
