package dev.fleetops.functions.http;

import com.microsoft.azure.functions.HttpRequestMessage;

/** Who is calling, for the audit trail: the App Service authentication principal when present. */
final class Actors {
    private Actors() {
    }

    static String of(HttpRequestMessage<?> request) {
        String principal = RequestBodies.header(request.getHeaders(), "x-ms-client-principal-name");
        if (principal != null && !principal.isBlank() && principal.length() <= 256) {
            return principal.replaceAll("\\p{Cntrl}", "");
        }
        return "api";
    }
}
