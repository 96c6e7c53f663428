/**
 * On-demand log pulls: ask one device for its recent log ({@code uploadLogs}, docs/contract.md), say where the file
 * will appear, and read back what the device reported about it with a short-lived read link ({@code LogPullService});
 * the links to the logs container are a port ({@code LogLinks}).
 */
package dev.fleetops.core.logs;
