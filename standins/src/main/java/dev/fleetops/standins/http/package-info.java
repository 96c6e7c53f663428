/**
 * The request and response a function gets, shaped like the Java worker's: built by the local runner for every
 * call and by tests that call functions directly.
 */
package dev.fleetops.standins.http;
