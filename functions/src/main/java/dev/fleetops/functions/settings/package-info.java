/**
 * What is wrong with the app's settings: {@code SettingsException}, thrown by any adapter for a missing or
 * malformed setting (never with its value) and answered by the HTTP layer; below every other package of the app.
 */
package dev.fleetops.functions.settings;
