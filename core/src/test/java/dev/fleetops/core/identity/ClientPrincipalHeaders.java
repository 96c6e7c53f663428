package dev.fleetops.core.identity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test values of {@code x-ms-client-principal}, shaped as App Service sends them. */
public final class ClientPrincipalHeaders {
    public static final String OID = "8f0c6a4e-2b1d-4c3e-9f5a-1b2c3d4e5f60";
    static final String NAME_TYP = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    static final String ROLE_TYP = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    private ClientPrincipalHeaders() {}

    public static String encode(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A delegated (user) token's claims after App Service's claims mapping. */
    public static String userJson(String oid, String name, String... roles) {
        StringBuilder claims = new StringBuilder("""
                {"typ":"aud","val":"api://fleetops"},
                {"typ":"iss","val":"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"},
                {"typ":"name","val":"%s"},
                {"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"%s"},
                {"typ":"preferred_username","val":"alice@contoso.com"},
                {"typ":"http://schemas.microsoft.com/identity/claims/scope","val":"user_impersonation"},
                {"typ":"http://schemas.microsoft.com/identity/claims/tenantid","val":"72f988bf-86f1-41af-91ab-2d7cd011db47"}""".formatted(name, oid));
        for (String role : roles) {
            claims.append(",\n{\"typ\":\"roles\",\"val\":\"").append(role).append("\"}");
        }
        return "{\"auth_typ\":\"aad\",\"claims\":[" + claims + "],\"name_typ\":\"" + NAME_TYP + "\",\"role_typ\":\""
                + ROLE_TYP + "\"}";
    }

    public static String user(String name, String... roles) {
        return encode(userJson(OID, name, roles));
    }
}
