package dev.fleetops.runner.easyauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers App Service Authentication adds to an authenticated request, built from a verified token's claims
 * ("Work with user identities in Azure App Service authentication",
 * https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities):
 * {@code X-MS-CLIENT-PRINCIPAL} (Base64 of {@code {"auth_typ","claims":[{"typ","val"}],"name_typ","role_typ"}}),
 * {@code -ID}, {@code -NAME} and {@code -IDP}. Claim types go through the same default mapping as in Azure (.NET's
 * {@code ClaimTypeMapping}: {@code oid}, {@code tid}, {@code scp}, {@code roles} ... become URIs, {@code name} and
 * {@code preferred_username} stay), arrays become one claim per element, and every value is a string.
 */
public final class ClientPrincipalHeaders {
    public static final String PRINCIPAL = "X-MS-CLIENT-PRINCIPAL";
    public static final String PRINCIPAL_ID = "X-MS-CLIENT-PRINCIPAL-ID";
    public static final String PRINCIPAL_NAME = "X-MS-CLIENT-PRINCIPAL-NAME";
    public static final String PRINCIPAL_IDP = "X-MS-CLIENT-PRINCIPAL-IDP";
    static final String NAME_TYPE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    static final String ROLE_TYPE = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    /** Short claim name to the name App Service shows (System.IdentityModel.Tokens.Jwt ClaimTypeMapping, the entries JWTs from Entra ID use). */
    static final Map<String, String> MAPPING = Map.of(
            "oid", "http://schemas.microsoft.com/identity/claims/objectidentifier",
            "tid", "http://schemas.microsoft.com/identity/claims/tenantid",
            "scp", "http://schemas.microsoft.com/identity/claims/scope",
            "sub", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier",
            "roles", ROLE_TYPE,
            "upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
            "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            "unique_name", NAME_TYPE,
            "given_name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
            "family_name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname");

    private ClientPrincipalHeaders() {}

    /** The four headers, in App Service's spelling. */
    public static Map<String, String> of(JsonObject tokenClaims) {
        JsonArray claims = new JsonArray();
        for (Map.Entry<String, JsonElement> e : tokenClaims.entrySet()) {
            String type = MAPPING.getOrDefault(e.getKey(), e.getKey());
            if (e.getValue().isJsonArray()) {
                e.getValue().getAsJsonArray().forEach(v -> claims.add(claim(type, v)));
            } else if (!e.getValue().isJsonNull()) {
                claims.add(claim(type, e.getValue()));
            }
        }
        JsonObject principal = new JsonObject();
        principal.addProperty("auth_typ", "aad");
        principal.add("claims", claims);
        principal.addProperty("name_typ", NAME_TYPE);
        principal.addProperty("role_typ", ROLE_TYPE);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                PRINCIPAL,
                Base64.getEncoder().encodeToString(principal.toString().getBytes(StandardCharsets.UTF_8)));
        headers.put(PRINCIPAL_ID, text(tokenClaims, "oid"));
        headers.put(
                PRINCIPAL_NAME,
                text(
                        tokenClaims,
                        tokenClaims.has("preferred_username")
                                ? "preferred_username"
                                : tokenClaims.has("name") ? "name" : "azp"));
        headers.put(PRINCIPAL_IDP, "aad");
        headers.values().removeIf(String::isEmpty);
        return headers;
    }

    /** True for the headers a client may not send: App Service strips every identity and token header it owns. */
    public static boolean reserved(String headerName) {
        String lower = headerName.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("x-ms-client-principal") || lower.startsWith("x-ms-token-");
    }

    private static JsonObject claim(String type, JsonElement value) {
        JsonObject c = new JsonObject();
        c.addProperty("typ", type);
        c.addProperty("val", value.isJsonPrimitive() ? value.getAsString() : value.toString());
        return c;
    }

    private static String text(JsonObject claims, String name) {
        JsonElement e = claims.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }
}
