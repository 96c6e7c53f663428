/** The local stack's stand-in firmware images: the same bytes for a version in every run (used by the script and the demo). */
package dev.fleetops.runner.stack.firmware;
