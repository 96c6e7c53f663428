package dev.fleetops.runner.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.azure.functions.HttpStatus;
import dev.fleetops.runner.app.WorkerPlatform;
import dev.fleetops.standins.http.WorkerHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostResponseTest {
    private final WorkerPlatform platform = WorkerPlatform.get();

    private static String text(HostResponse.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static WorkerHttpResponse response(Object body, String contentType) {
        var b = new WorkerHttpResponse.Builder(HttpStatus.OK).body(body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return (WorkerHttpResponse) b.build();
    }

    @Test
    void nothingReturnedIsA200WithoutBodyOrContentType() {
        HostResponse.Response r = HostResponse.of(null, platform);
        assertEquals(200, r.status());
        assertEquals(Map.of(), r.headers());
        assertEquals(0, r.body().length);
    }

    @Test
    void anObjectBodyIsSerializedByTheWorkersGsonThenWrittenIndentedByTheHost() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("html", "<a href='x'>&</a>");
        body.put("n", 1.5);
        body.put("empty", Map.of());
        HostResponse.Response r = HostResponse.of(response(body, null), platform);
        assertEquals("{\n  \"html\": \"<a href='x'>&</a>\",\n  \"n\": 1.5,\n  \"empty\": {}\n}", text(r));
        assertEquals("text/plain; charset=utf-8", r.headers().get("Content-Type"));
    }

    @Test
    void aReturnedJsonStringWithABodyIsAResponseObject() {
        HostResponse.Response r =
                HostResponse.of("{\"statusCode\":\"201\",\"headers\":{\"X-A\":\"1\"},\"body\":{\"a\":[1]}}", platform);
        assertEquals(201, r.status());
        assertEquals("1", r.headers().get("X-A"));
        assertEquals("{\"a\":[1]}", text(r));
        HostResponse.Response plain = HostResponse.of("[1, 2]", platform);
        assertEquals("[\n  1,\n  2\n]", text(plain));
        assertEquals("True", text(HostResponse.of(true, platform)));
        assertEquals("not json", text(HostResponse.of("not json", platform)));
    }

    @Test
    void bytesKeepTheFunctionsContentTypeOrHaveNone() {
        byte[] bytes = {1, 2, 3};
        HostResponse.Response none = HostResponse.of(response(bytes, null), platform);
        assertArrayEquals(bytes, none.body());
        assertFalse(none.headers().containsKey("Content-Type"));
        assertEquals(
                "image/png",
                HostResponse.of(response(bytes, "image/png"), platform)
                        .headers()
                        .get("Content-Type"));
    }

    @Test
    void textGetsItsCharsetReplacedByUtf8() {
        assertEquals("application/problem+json; charset=utf-8", HostResponse.withUtf8("application/problem+json"));
        assertEquals("application/json;charset=UTF-8", HostResponse.withUtf8("application/json;charset=UTF-8"));
        assertEquals(
                "text/html; charset=utf-8; level=1", HostResponse.withUtf8("text/html; charset=iso-8859-1; level=1"));
    }

    @Test
    void doublesArePrintedAsDotNetPrintsThem() {
        assertEquals("5", NewtonsoftText.dotNetDouble(5.0));
        assertEquals("0.1", NewtonsoftText.dotNetDouble(0.1));
        assertEquals("0.0001", NewtonsoftText.dotNetDouble(0.0001));
        assertEquals("1E-05", NewtonsoftText.dotNetDouble(0.00001));
        assertEquals("100000000000000", NewtonsoftText.dotNetDouble(1e14));
        assertEquals("1E+15", NewtonsoftText.dotNetDouble(1e15));
        assertEquals("-1.5E+20", NewtonsoftText.dotNetDouble(-1.5e20));
        assertEquals("5.0", NewtonsoftText.jsonDouble(5.0));
    }
}
