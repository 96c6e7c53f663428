package dev.fleetops.core.event;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs FleetOps will POST to, so a subscription cannot turn it into a proxy into its own network
 * (server-side request forgery): {@code https} only, no user info, and no address that is loopback, link-local (the
 * cloud metadata endpoint 169.254.169.254 among them), unspecified, multicast, private (RFC 1918, IPv6 unique local),
 * or shared (100.64.0.0/10). Every address the host resolves to is checked, when the subscription is created and again
 * before each send.
 *
 * @param allowLocalHttp local use only: also {@code http://localhost}, {@code http://127.0.0.1} and {@code [::1]}, and
 *                       loopback addresses ({@code FLEETOPS_WEBHOOK_ALLOW_LOCAL})
 * @param allowPrivate   private and shared ranges too, for receivers inside the same virtual network
 *                       ({@code FLEETOPS_WEBHOOK_ALLOW_PRIVATE}); link-local and metadata addresses stay refused
 */
public record WebhookUrlPolicy(boolean allowLocalHttp, boolean allowPrivate) {
    public static final int MAX_URL = 2048;
    public static final WebhookUrlPolicy STRICT = new WebhookUrlPolicy(false, false);

    /** Port: the addresses a host name resolves to (DNS, in the adapter). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws java.net.UnknownHostException;
    }

    /** The URL's problem before any lookup, or the parsed URL. */
    public sealed interface Checked {
        record Ok(URI uri) implements Checked {}

        record Refused(String why) implements Checked {}
    }

    /** Checks the URL's form, then every address its host resolves to. */
    public Checked check(String url, Resolver resolver) {
        Checked form = checkForm(url);
        if (!(form instanceof Checked.Ok ok)) {
            return form;
        }
        String host = hostOf(ok.uri());
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (java.net.UnknownHostException e) {
            return new Checked.Refused("host '" + host + "' does not resolve");
        }
        if (addresses.isEmpty()) {
            return new Checked.Refused("host '" + host + "' does not resolve");
        }
        for (InetAddress a : addresses) {
            Optional<String> refused = refusal(a);
            if (refused.isPresent()) {
                return new Checked.Refused("host '" + host + "' resolves to " + refused.get());
            }
        }
        return ok;
    }

    /** The URL's form alone: absolute, https (or local http when allowed), a host, no user info, no fragment. */
    public Checked checkForm(String url) {
        if (url == null || url.isBlank()) {
            return new Checked.Refused("is required");
        }
        if (url.length() > MAX_URL) {
            return new Checked.Refused("is longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new Checked.Refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawAuthority() == null) {
            return new Checked.Refused("must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            return new Checked.Refused("must not carry user information");
        }
        if (uri.getRawFragment() != null) {
            return new Checked.Refused("must not have a fragment");
        }
        boolean localHttp = scheme.equals("http") && allowLocalHttp && isLocalName(hostOf(uri));
        if (!scheme.equals("https") && !localHttp) {
            return new Checked.Refused(allowLocalHttp ? "must use https (http only for localhost)" : "must use https");
        }
        return new Checked.Ok(uri);
    }

    /** Why an address is refused, or empty when FleetOps may send to it. */
    public Optional<String> refusal(InetAddress a) {
        String text = a.getHostAddress();
        if (a.isLinkLocalAddress() || isMetadata(a)) {
            return Optional.of("a link-local or metadata address (" + text + ")");
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || isZeroNet(a)) {
            return Optional.of("an unspecified or multicast address (" + text + ")");
        }
        if (a.isLoopbackAddress()) {
            return allowLocalHttp ? Optional.empty() : Optional.of("a loopback address (" + text + ")");
        }
        if (a.isSiteLocalAddress() || isUniqueLocal(a) || isShared(a)) {
            return allowPrivate ? Optional.empty() : Optional.of("a private address (" + text + ")");
        }
        return Optional.empty();
    }

    static String hostOf(URI uri) {
        String h = uri.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static boolean isLocalName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1");
    }

    private static boolean isMetadata(InetAddress a) {
        byte[] b = a.getAddress();
        // 169.254.0.0/16 is link-local already; Azure's wire server 168.63.129.16 is not, and answers only the
        // platform.
        return a instanceof Inet4Address
                && (b[0] & 0xff) == 168
                && (b[1] & 0xff) == 63
                && (b[2] & 0xff) == 129
                && (b[3] & 0xff) == 16;
    }

    private static boolean isZeroNet(InetAddress a) {
        return a instanceof Inet4Address && a.getAddress()[0] == 0;
    }

    private static boolean isUniqueLocal(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isShared(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
