/**
 * What every module's tests share: a test clock, waiting for a condition (Awaitility), pauses that are the
 * behaviour under test, a child process's output, package contents.
 */
package dev.fleetops.testkit;
