package dev.fleetops.core.identity;

/** Who stands behind a request. */
public enum PrincipalKind {
    /** A person, signed in through Entra ID (a delegated token: it carries scopes). */
    USER,
    /** An application with its own Entra identity (client-credentials token: app roles, no scopes). */
    APPLICATION,
    /** The configured automation principal: a function-key call while authentication is {@code key}. */
    AUTOMATION
}
