/**
 * Scheduled jobs (device methods and twin updates over a query), paced and durable across restarts, as IoT Hub's
 * jobs API runs them.
 */
package dev.fleetops.localhub.jobs;
