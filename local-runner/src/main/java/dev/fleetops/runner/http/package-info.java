/**
 * The host's HTTP front: routes, function keys, CORS, reading requests and writing the function's response as the
 * Functions host does.
 */
package dev.fleetops.runner.http;
