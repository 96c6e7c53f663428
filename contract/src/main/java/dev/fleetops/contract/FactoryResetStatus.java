package dev.fleetops.contract;

import com.google.gson.annotations.SerializedName;

/** Values of {@code iothubDM.factoryReset.status}. Azure publishes no schema for this; this one is ours. */
public enum FactoryResetStatus implements ActionStatus {
    /** Local state is being wiped. */
    @SerializedName("inProgress")
    IN_PROGRESS,
    /** The device is back to factory settings; {@code lastFactoryReset} holds the time. */
    @SerializedName("completed")
    COMPLETED,
    /** The reset could not be completed; {@code error} says why. */
    @SerializedName("failed")
    FAILED;

    @Override
    public boolean isTerminal() {
        return this != IN_PROGRESS;
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
