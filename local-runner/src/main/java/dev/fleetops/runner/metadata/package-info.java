/**
 * The app's {@code function.json} files and {@code host.json}, read into function metadata (triggers, routes, auth
 * levels, entry points).
 */
package dev.fleetops.runner.metadata;
