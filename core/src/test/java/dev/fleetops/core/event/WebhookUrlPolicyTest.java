package dev.fleetops.core.event;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which URLs a subscription may name (SSRF), with a resolver that answers from a table, never from DNS. */
class WebhookUrlPolicyTest {
    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "203.0.113.10",
            "metadata.example.com", "169.254.169.254",
            "internal.example.com", "10.1.2.3",
            "cgnat.example.com", "100.64.0.7",
            "wire.example.com", "168.63.129.16",
            "localhost", "127.0.0.1",
            "ula.example.com", "fd00::1",
            "mapped.example.com", "::ffff:169.254.169.254");

    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        String ip = DNS.get(host);
        if (ip == null) {
            if (host.matches("[0-9.]+|[0-9a-f:]+")) {
                return List.of(InetAddress.getByName(host)); // a literal: no lookup
            }
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(ip));
    }

    private static String refused(WebhookUrlPolicy p, String url) {
        return assertInstanceOf(
                        WebhookUrlPolicy.Checked.Refused.class, p.check(url, WebhookUrlPolicyTest::resolve), url)
                .why();
    }

    private static void ok(WebhookUrlPolicy p, String url) {
        assertInstanceOf(WebhookUrlPolicy.Checked.Ok.class, p.check(url, WebhookUrlPolicyTest::resolve), url);
    }

    @Test
    void aPublicHttpsUrlIsAccepted() {
        ok(WebhookUrlPolicy.STRICT, "https://hooks.example.com/fleetops?x=1");
    }

    @Test
    void metadataAndLinkLocalAddressesAreAlwaysRefused() {
        WebhookUrlPolicy lenient = new WebhookUrlPolicy(true, true);
        assertTrue(refused(lenient, "https://169.254.169.254/latest/meta-data").contains("link-local"));
        assertTrue(refused(lenient, "https://metadata.example.com/").contains("169.254.169.254"));
        assertTrue(refused(lenient, "https://mapped.example.com/").contains("link-local"));
        assertTrue(refused(lenient, "https://wire.example.com/").contains("metadata"));
        assertTrue(refused(lenient, "https://0.0.0.0/").contains("unspecified"));
    }

    @Test
    void privateAddressesOnlyWhenAllowed() {
        assertTrue(refused(WebhookUrlPolicy.STRICT, "https://internal.example.com/")
                .contains("private"));
        assertTrue(
                refused(WebhookUrlPolicy.STRICT, "https://cgnat.example.com/").contains("private"));
        assertTrue(refused(WebhookUrlPolicy.STRICT, "https://ula.example.com/").contains("private"));
        assertTrue(refused(WebhookUrlPolicy.STRICT, "https://192.168.1.1/").contains("private"));
        ok(new WebhookUrlPolicy(false, true), "https://internal.example.com/");
    }

    @Test
    void httpAndLoopbackOnlyForLocalUse() {
        assertTrue(refused(WebhookUrlPolicy.STRICT, "http://hooks.example.com/").contains("https"));
        assertTrue(
                refused(WebhookUrlPolicy.STRICT, "http://localhost:9000/hook").contains("https"));
        assertTrue(
                refused(WebhookUrlPolicy.STRICT, "https://localhost:9000/hook").contains("loopback"));
        WebhookUrlPolicy local = new WebhookUrlPolicy(true, false);
        ok(local, "http://localhost:9000/hook");
        ok(local, "http://127.0.0.1:9000/hook");
        assertTrue(refused(local, "http://hooks.example.com/").contains("http only for localhost"));
    }

    @Test
    void malformedUrlsAreRefusedBeforeAnyLookup() {
        WebhookUrlPolicy.Resolver none = h -> {
            throw new AssertionError("no lookup for " + h);
        };
        for (String url : List.of(
                "",
                "hooks.example.com/x",
                "https://user:pw@hooks.example.com/",
                "https://h/#frag",
                "ftp://hooks.example.com/",
                "https:///path",
                "https://" + "a".repeat(2050) + ".com/")) {
            assertInstanceOf(WebhookUrlPolicy.Checked.Refused.class, WebhookUrlPolicy.STRICT.check(url, none), url);
        }
        assertTrue(
                refused(WebhookUrlPolicy.STRICT, "https://nowhere.example.com/").contains("does not resolve"));
    }
}
