/**
 * The HTTP-triggered functions (devices, operations, progress, the report page, OpenAPI) and how every failure
 * becomes an RFC 9457 problem; thin adapters over core's services.
 */
package dev.fleetops.functions.http;
