/**
 * The worker's side: loading the packaged app on the worker's class path, invoking functions with their bindings
 * ({@code Invocation}, {@code HttpInput}) and converting values as the Java worker does.
 */
package dev.fleetops.runner.app;
