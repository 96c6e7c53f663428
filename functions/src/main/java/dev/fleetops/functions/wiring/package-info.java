/**
 * The composition root: settings read and validated once, SDK clients and services built on first use, and the
 * injector the Java worker finds through {@code META-INF/services}.
 */
package dev.fleetops.functions.wiring;
