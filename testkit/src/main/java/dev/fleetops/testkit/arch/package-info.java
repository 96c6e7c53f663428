/**
 * The modules' design rules as ArchUnit rules (no package cycles, which modules a module may use, no platform
 * types in the pure ones), stated by each module's {@code ArchitectureTest}.
 */
package dev.fleetops.testkit.arch;
