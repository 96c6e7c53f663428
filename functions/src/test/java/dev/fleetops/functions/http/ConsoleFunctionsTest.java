package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's three files: served with a strict CSP, no inline code, nothing that builds HTML from data. */
class ConsoleFunctionsTest {
    private final ConsoleFunctions console = new ConsoleFunctions();
    private final TestContext context = new TestContext("Console");

    @Test
    void thePageSaysWhichSignInAppliesAndIsServedUnderTheStrictPolicy() {
        TestHttpResponse key = TestHttpResponse.of(ConsoleFunctions.pageFor(TestHttpRequest.get("/api/console"), null));
        assertEquals(200, key.code());
        assertTrue(key.getHeader("Content-Type").startsWith("text/html"));
        assertEquals(ConsoleFunctions.CONTENT_SECURITY_POLICY, key.getHeader("Content-Security-Policy"));
        assertEquals("DENY", key.getHeader("X-Frame-Options"));
        assertEquals("nosniff", key.getHeader("X-Content-Type-Options"));
        assertTrue(key.getBody().toString().contains("data-auth=\"key\""));
        String entra = TestHttpResponse.of(ConsoleFunctions.pageFor(TestHttpRequest.get("/api/console"), "entra"))
                .getBody()
                .toString();
        assertTrue(entra.contains("data-auth=\"entra\""));
        assertTrue(
                TestHttpResponse.of(ConsoleFunctions.pageFor(TestHttpRequest.get("/api/console"), "\"><script>"))
                        .getBody()
                        .toString()
                        .contains("data-auth=\"key\""),
                "a setting never reaches the page as text");
    }

    @Test
    void theScriptAndStyleAreServedWithTheirTypes() {
        TestHttpResponse js =
                TestHttpResponse.of(console.script(TestHttpRequest.get("/api/console/console.js"), context));
        assertTrue(js.getHeader("Content-Type").startsWith("text/javascript"));
        TestHttpResponse css =
                TestHttpResponse.of(console.style(TestHttpRequest.get("/api/console/console.css"), context));
        assertTrue(css.getHeader("Content-Type").startsWith("text/css"));
    }

    @Test
    void noInlineCodeAndNoHtmlParsingOfData() {
        String page = ConsoleFunctions.resource("index.html");
        assertFalse(
                Pattern.compile("<script>|<style>|\\son[a-z]+=|style=")
                        .matcher(page)
                        .find(),
                page);
        String js = ConsoleFunctions.resource("console.js");
        // Values reach the page as text only: none of the HTML-parsing sinks is used.
        for (String sink : new String[] {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("}) {
            assertFalse(js.contains(sink), "console.js uses " + sink);
        }
        assertFalse(js.contains("http://") || js.contains("https://"), "no external URL in the script");
    }
}
