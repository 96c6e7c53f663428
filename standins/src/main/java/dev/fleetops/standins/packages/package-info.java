/**
 * The HTTPS package server in the role of a CDN or Blob Storage: the local stack serves firmware packages with it,
 * tests publish packages and make paths misbehave.
 */
package dev.fleetops.standins.packages;
