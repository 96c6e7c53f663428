package dev.fleetops.core.identity;

import java.util.List;

/**
 * Claim types as they appear in {@code x-ms-client-principal}. App Service passes the token's claims through the
 * default claims mapping of .NET's JwtSecurityTokenHandler ("Work with user identities in Azure App Service
 * authentication", https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities#decode-the-client-principal-header;
 * "the tid claim is mapped to http://schemas.microsoft.com/identity/claims/tenantid",
 * https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad#perform-validations-from-application-code).
 * That mapping (AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet,
 * src/System.IdentityModel.Tokens.Jwt/ClaimTypeMapping.cs) turns {@code oid}, {@code scp}, {@code tid}, {@code upn},
 * {@code email} and {@code roles} into URIs and leaves {@code name} and {@code preferred_username} alone. Which form a
 * claim arrives in has changed between versions, so each lookup accepts both the short and the mapped name.
 */
final class ClaimTypes {
    static final List<String> OBJECT_ID =
            List.of("http://schemas.microsoft.com/identity/claims/objectidentifier", "oid");
    static final List<String> ROLES = List.of("roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role");
    static final List<String> SCOPE = List.of("http://schemas.microsoft.com/identity/claims/scope", "scp");
    /** Display name candidates, best first. */
    static final List<String> NAMES = List.of(
            "name",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            "preferred_username",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
            "upn",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            "email");
    /** The client application of an app-only token, used as its name when it has no other. */
    static final List<String> CLIENT_APP = List.of("azp", "appid");
    /** Optional claim that says whether a token is for a user or an application. */
    static final String ID_TYPE = "idtyp";

    private ClaimTypes() {}
}
