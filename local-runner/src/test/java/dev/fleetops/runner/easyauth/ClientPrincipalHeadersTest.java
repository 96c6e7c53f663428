package dev.fleetops.runner.easyauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientPrincipalHeadersTest {

    @Test
    void thePrincipalIsBase64JsonInTheDocumentedShapeWithMappedClaimTypes() {
        JsonObject token = JsonParser.parseString("""
                {"aud":"api://fleetops-local","iss":"https://login.local-runner.invalid/fleetops/v2.0","iat":1700000000,
                 "oid":"8f0c6a4e-2b1d-4c3e-9f5a-1b2c3d4e5f60","tid":"t","scp":"user_impersonation","sub":"s","name":"Alice",
                 "preferred_username":"alice@contoso.com","roles":["FleetOps.Reader","FleetOps.Operator"],"ver":"2.0"}""").getAsJsonObject();
        Map<String, String> headers = ClientPrincipalHeaders.of(token);
        JsonObject principal = JsonParser.parseString(new String(
                        Base64.getDecoder().decode(headers.get("X-MS-CLIENT-PRINCIPAL")), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals("aad", principal.get("auth_typ").getAsString());
        assertEquals(
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
                principal.get("name_typ").getAsString());
        assertEquals(
                "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
                principal.get("role_typ").getAsString());
        List<String> claims = new ArrayList<>();
        for (JsonElement c : principal.getAsJsonArray("claims")) {
            claims.add(c.getAsJsonObject().get("typ").getAsString() + "="
                    + c.getAsJsonObject().get("val").getAsString());
        }
        assertEquals(
                List.of(
                        "aud=api://fleetops-local",
                        "iss=https://login.local-runner.invalid/fleetops/v2.0",
                        "iat=1700000000",
                        "http://schemas.microsoft.com/identity/claims/objectidentifier=8f0c6a4e-2b1d-4c3e-9f5a-1b2c3d4e5f60",
                        "http://schemas.microsoft.com/identity/claims/tenantid=t",
                        "http://schemas.microsoft.com/identity/claims/scope=user_impersonation",
                        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier=s",
                        "name=Alice",
                        "preferred_username=alice@contoso.com",
                        "http://schemas.microsoft.com/ws/2008/06/identity/claims/role=FleetOps.Reader",
                        "http://schemas.microsoft.com/ws/2008/06/identity/claims/role=FleetOps.Operator",
                        "ver=2.0"),
                claims);
        assertEquals("8f0c6a4e-2b1d-4c3e-9f5a-1b2c3d4e5f60", headers.get("X-MS-CLIENT-PRINCIPAL-ID"));
        assertEquals("alice@contoso.com", headers.get("X-MS-CLIENT-PRINCIPAL-NAME"));
        assertEquals("aad", headers.get("X-MS-CLIENT-PRINCIPAL-IDP"));
        assertEquals(new JsonArray().getClass(), principal.get("claims").getClass());
    }
}
