package dev.fleetops.contract;

import com.google.gson.annotations.SerializedName;

/** Values of {@code iothubDM.reboot.status}. */
public enum RebootStatus implements ActionStatus {
    /** The device accepted a reboot and is going down. */
    @SerializedName("rebooting")
    REBOOTING,
    /** The device came back; {@code lastReboot} holds the time. */
    @SerializedName("completed")
    COMPLETED,
    /** The reboot could not be carried out; {@code error} says why. */
    @SerializedName("failed")
    FAILED;

    @Override
    public boolean isTerminal() {
        return this != REBOOTING;
    }

    @Override
    public boolean isFailure() {
        return this == FAILED;
    }

    @Override
    public String wireName() {
        return Wire.nameOf(this);
    }
}
