package dev.fleetops.core.audit;

import java.util.regex.Pattern;

/**
 * Which request an audit record belongs to: the Functions host's invocation id (it finds the function's log lines) and,
 * when the client sent them, its {@code x-ms-client-request-id} and W3C {@code traceparent}. The client's values are kept
 * only when they have their documented shape (anything else is dropped, never stored), so a record cannot carry text a
 * caller chose beyond an id.
 */
public record RequestIds(String invocationId, String clientRequestId, String traceparent) {
    public static final RequestIds NONE = new RequestIds(null, null, null);
    /** The host's invocation ids are GUIDs; this allows any id of that alphabet. */
    private static final Pattern INVOCATION = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** Azure SDKs send a GUID; allow the printable id alphabet, bounded. */
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:{}-]{1,128}");
    /** W3C Trace Context: version-traceid-parentid-flags, lower-case hex. */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    public RequestIds {
        invocationId = matching(invocationId, INVOCATION);
        clientRequestId = matching(clientRequestId, CLIENT_REQUEST_ID);
        traceparent = matching(traceparent, TRACEPARENT);
    }

    /** The host's invocation id only: what a record of an unauthenticated request may carry (no header content). */
    public RequestIds withoutClientValues() {
        return new RequestIds(invocationId, null, null);
    }

    private static String matching(String value, Pattern p) {
        return value != null && p.matcher(value).matches() ? value : null;
    }
}
