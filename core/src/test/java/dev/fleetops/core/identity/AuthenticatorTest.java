package dev.fleetops.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.core.identity.Authentication.Authenticated;
import dev.fleetops.core.identity.Authentication.Reason;
import dev.fleetops.core.identity.Authentication.Unauthenticated;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final Authenticator ENTRA =
            new Authenticator(new AuthSettings(AuthMode.ENTRA, "robot", Role.OPERATOR));
    private static final Authenticator KEY = new Authenticator(new AuthSettings(AuthMode.KEY, "robot", Role.OPERATOR));

    private static Principal authenticated(Authentication a) {
        return assertInstanceOf(Authenticated.class, a).principal();
    }

    private static Unauthenticated unauthenticated(Authentication a) {
        return assertInstanceOf(Unauthenticated.class, a);
    }

    @Test
    void entraModeTakesTheCallerFromTheClientPrincipal() {
        Principal p = authenticated(ENTRA.authenticate(
                Map.of(
                        "x-ms-client-principal",
                        ClientPrincipalHeaders.user("Alice Smith", "FleetOps.Operator", "Something.Else")),
                Map.of()));
        assertEquals(ClientPrincipalHeaders.OID, p.objectId());
        assertEquals("Alice Smith", p.displayName());
        assertEquals("aad", p.identityProvider());
        assertEquals(Set.of(Role.OPERATOR), p.roles());
        assertEquals(PrincipalKind.USER, p.kind());
    }

    @Test
    void headerNamesMatchInAnyCase() {
        Principal p = authenticated(
                ENTRA.authenticate(Map.of("X-MS-CLIENT-PRINCIPAL", ClientPrincipalHeaders.user("Bob")), Map.of()));
        assertEquals("Bob", p.displayName());
    }

    @Test
    void entraModeWithoutThePrincipalIsUnauthenticatedEvenWithAFunctionKeyOrANameHeader() {
        Unauthenticated u = unauthenticated(ENTRA.authenticate(
                Map.of(
                        "x-functions-key",
                        "k",
                        "x-ms-client-principal-name",
                        "ceo@contoso.com",
                        "x-ms-client-principal-id",
                        ClientPrincipalHeaders.OID),
                Map.of("code", "k")));
        assertEquals(Reason.NO_CLIENT_PRINCIPAL, u.reason());
    }

    @Test
    void keyModeIgnoresEveryIdentityHeaderAndNamesTheAutomationPrincipal() {
        Principal p = authenticated(KEY.authenticate(
                Map.of(
                        "x-functions-key",
                        "k",
                        "x-ms-client-principal",
                        ClientPrincipalHeaders.user("ceo@contoso.com", "FleetOps.Admin"),
                        "x-ms-client-principal-name",
                        "ceo@contoso.com"),
                Map.of()));
        assertEquals("automation:robot", p.objectId());
        assertEquals("robot", p.displayName());
        assertEquals(Set.of(Role.OPERATOR), p.roles());
        assertEquals(PrincipalKind.AUTOMATION, p.kind());
        assertTrue(p.automation());
        assertEquals("functionKey", p.identityProvider());
        // The key may come as ?code= as well.
        assertEquals(
                "robot",
                authenticated(KEY.authenticate(Map.of(), Map.of("code", "k"))).displayName());
    }

    @Test
    void keyModeWithoutAKeyNamesNobody() {
        assertEquals(
                Reason.NO_FUNCTION_KEY,
                unauthenticated(KEY.authenticate(Map.of("x-functions-key", " "), Map.of()))
                        .reason());
        assertEquals(
                Reason.NO_FUNCTION_KEY,
                unauthenticated(KEY.authenticate(Map.of(), Map.of())).reason());
    }

    @Test
    void aBrokenHeaderIsUnauthenticatedWithAReasonThatDoesNotEchoIt() {
        Unauthenticated u = unauthenticated(
                ENTRA.authenticate(Map.of("x-ms-client-principal", "<script>alert(1)</script>"), Map.of()));
        assertEquals(Reason.INVALID_CLIENT_PRINCIPAL, u.reason());
        assertEquals("client principal header not canonical Base64", u.detail());
    }

    @Test
    void onlyEntraIdPrincipalsWithOneGuidObjectIdAreAccepted() {
        String github = ClientPrincipalHeaders.encode(
                ClientPrincipalHeaders.userJson(ClientPrincipalHeaders.OID, "x").replace("\"aad\"", "\"github\""));
        assertEquals(
                Reason.UNUSABLE_CLIENT_PRINCIPAL,
                unauthenticated(ENTRA.authenticate(Map.of("x-ms-client-principal", github), Map.of()))
                        .reason());
        String notGuid = ClientPrincipalHeaders.encode(ClientPrincipalHeaders.userJson("ceo", "x"));
        assertEquals(
                Reason.UNUSABLE_CLIENT_PRINCIPAL,
                unauthenticated(ENTRA.authenticate(Map.of("x-ms-client-principal", notGuid), Map.of()))
                        .reason());
        String noOid = ClientPrincipalHeaders.encode(
                "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"name\",\"val\":\"x\"},{\"typ\":\"roles\",\"val\":\"FleetOps.Admin\"}]}");
        assertEquals(
                Reason.UNUSABLE_CLIENT_PRINCIPAL,
                unauthenticated(ENTRA.authenticate(Map.of("x-ms-client-principal", noOid), Map.of()))
                        .reason());
        String twoOids = ClientPrincipalHeaders.encode(
                "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"oid\",\"val\":\"" + ClientPrincipalHeaders.OID
                        + "\"},{\"typ\":\"http://schemas.microsoft.com/identity/claims/objectidentifier\",\"val\":\"00000000-0000-0000-0000-000000000001\"}]}");
        assertEquals(
                Reason.UNUSABLE_CLIENT_PRINCIPAL,
                unauthenticated(ENTRA.authenticate(Map.of("x-ms-client-principal", twoOids), Map.of()))
                        .reason());
    }

    @Test
    void rolesArriveInEitherClaimFormAndUnknownOnesAreDropped() {
        String json = "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"oid\",\"val\":\""
                + ClientPrincipalHeaders.OID.toUpperCase() + "\"},"
                + "{\"typ\":\"http://schemas.microsoft.com/ws/2008/06/identity/claims/role\",\"val\":\"FleetOps.Admin\"},"
                + "{\"typ\":\"roles\",\"val\":\"fleetops.reader\"},{\"typ\":\"role\",\"val\":\"FleetOps.Operator\"}]}";
        Principal p = authenticated(
                ENTRA.authenticate(Map.of("x-ms-client-principal", ClientPrincipalHeaders.encode(json)), Map.of()));
        // Role values are case-sensitive as Entra emits them; the short "role" claim is not Entra's.
        assertEquals(Set.of(Role.ADMIN), p.roles());
        assertEquals(ClientPrincipalHeaders.OID, p.objectId(), "object ids are kept in lower case");
    }

    @Test
    void anAppOnlyTokenIsAnApplicationNamedAfterItsClient() {
        String json =
                "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"http://schemas.microsoft.com/identity/claims/objectidentifier\",\"val\":\""
                        + ClientPrincipalHeaders.OID
                        + "\"},{\"typ\":\"azp\",\"val\":\"11111111-2222-3333-4444-555555555555\"},"
                        + "{\"typ\":\"roles\",\"val\":\"FleetOps.Operator\"}]}";
        Principal p = authenticated(
                ENTRA.authenticate(Map.of("x-ms-client-principal", ClientPrincipalHeaders.encode(json)), Map.of()));
        assertEquals(PrincipalKind.APPLICATION, p.kind());
        assertEquals("application 11111111-2222-3333-4444-555555555555", p.displayName());
        String withIdtyp = json.replace("]}", ",{\"typ\":\"idtyp\",\"val\":\"user\"}]}");
        assertEquals(
                PrincipalKind.USER,
                authenticated(ENTRA.authenticate(
                                Map.of("x-ms-client-principal", ClientPrincipalHeaders.encode(withIdtyp)), Map.of()))
                        .kind());
    }

    @Test
    void displayNamesLoseControlAndBidiCharactersAndAreBounded() {
        String json = ClientPrincipalHeaders.userJson(ClientPrincipalHeaders.OID, "eve\\u202Egnp.exe\\n\\u0007");
        Principal p = authenticated(
                ENTRA.authenticate(Map.of("x-ms-client-principal", ClientPrincipalHeaders.encode(json)), Map.of()));
        assertEquals("evegnp.exe", p.displayName());
        String longName = ClientPrincipalHeaders.userJson(ClientPrincipalHeaders.OID, "n".repeat(1000));
        assertEquals(
                Principal.MAX_DISPLAY_NAME,
                authenticated(ENTRA.authenticate(
                                Map.of("x-ms-client-principal", ClientPrincipalHeaders.encode(longName)), Map.of()))
                        .displayName()
                        .length());
    }
}
