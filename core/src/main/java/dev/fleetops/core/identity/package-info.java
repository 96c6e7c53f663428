/** Who is calling, from the platform only, and what each app role may do: the principal, the authenticator and the route policy. */
package dev.fleetops.core.identity;
