package dev.fleetops.localhub.jobs;

/** The job types, spelt as the hub and the service SDKs write them. */
public enum JobType {
    scheduleDeviceMethod,
    scheduleUpdateTwin
}
