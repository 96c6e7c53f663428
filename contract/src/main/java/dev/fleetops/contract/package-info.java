/**
 * The device-management contract shared by the back-end and the device app: the actions (method names, request
 * records, statuses, reports), the reported-property schema, error codes, and strict JSON. Depends on Gson only.
 */
package dev.fleetops.contract;
