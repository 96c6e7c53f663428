/** Calling a function's entry point as the worker does and reading its answer as a portal would. */
package dev.fleetops.testkit.http;
