package dev.fleetops.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.HttpStatus;
import org.junit.jupiter.api.Test;

class TestHttpResponseTest {
    @Test
    void readsWhatTheRequestsBuilderMadeWithHeadersByTheirExactName() {
        var request = TestHttpRequest.post("/api/x", "{}")
                .withHeader("Idempotency-Key", "k1")
                .withQuery("a", "b");
        TestHttpResponse r = TestHttpResponse.of(request.createResponseBuilder(HttpStatus.ACCEPTED)
                .header("Location", "/api/x/1")
                .body("{\"id\":\"1\"}")
                .build());

        assertEquals(202, r.code());
        assertEquals("/api/x/1", r.getHeader("Location"));
        assertNull(r.getHeader("location"), "the worker does not fold header names");
        assertEquals("1", r.json().get("id").getAsString());
        assertEquals("k1", request.getHeaders().get("Idempotency-Key"));
        assertEquals("application/json", request.getHeaders().get("content-type"));
        assertEquals("b", request.getQueryParameters().get("a"));
    }

    @Test
    void jsonIsReadStrictly() {
        var request = TestHttpRequest.get("/api/x");
        TestHttpResponse trailing = TestHttpResponse.of(
                request.createResponseBuilder(HttpStatus.OK).body("{} {}").build());
        TestHttpResponse comment = TestHttpResponse.of(
                request.createResponseBuilder(HttpStatus.OK).body("{/* x */}").build());

        assertThrows(AssertionError.class, trailing::json);
        assertThrows(RuntimeException.class, comment::json);
        assertTrue(request.getBody().isEmpty());
    }
}
