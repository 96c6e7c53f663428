package dev.fleetops.contract;

import java.util.Optional;

/**
 * The direct methods a FleetOps device answers. The wire names follow the IoT Hub device-management
 * tutorial ({@code reboot}, {@code firmwareUpdate}) so tutorial back-ends keep working.
 */
public enum DmMethod {
    /** Restart the device; progress under {@code iothubDM.reboot}. */
    REBOOT("reboot"),
    /** Wipe local state back to factory settings; progress under {@code iothubDM.factoryReset}. */
    FACTORY_RESET("factoryReset"),
    /** Download, verify and apply a firmware package; progress under {@code iothubDM.firmwareUpdate}. */
    FIRMWARE_UPDATE("firmwareUpdate");

    private final String methodName;

    DmMethod(String methodName) {
        this.methodName = methodName;
    }

    /** The direct-method name on the wire. */
    public String methodName() {
        return methodName;
    }

    /** The reported-property section under {@code iothubDM} that carries this action's progress. */
    public String reportedSection() {
        return methodName;
    }

    public static Optional<DmMethod> fromMethodName(String name) {
        for (DmMethod m : values()) {
            if (m.methodName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
