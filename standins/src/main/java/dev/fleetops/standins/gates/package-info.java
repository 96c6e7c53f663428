/** A wave gate endpoint for the local stack and tests: answers pass, fail or wait as it is told. */
package dev.fleetops.standins.gates;
