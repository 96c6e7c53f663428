/** Recursive-descent parsing of tokens into the syntax tree, with depth limits and checks of what IoT Hub accepts. */
package dev.fleetops.localhub.query.parse;
