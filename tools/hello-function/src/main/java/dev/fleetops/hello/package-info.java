/** An empty HTTP function: the cold-start benchmark's baseline. */
package dev.fleetops.hello;
