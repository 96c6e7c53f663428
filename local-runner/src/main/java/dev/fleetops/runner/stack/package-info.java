/**
 * Tools of the one-command local stack ({@code scripts/local-stack.sh}): the package server command, waiting for
 * devices, the demo.
 */
package dev.fleetops.runner.stack;
