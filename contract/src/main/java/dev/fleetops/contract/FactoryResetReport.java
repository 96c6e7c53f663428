package dev.fleetops.contract;

/** {@code iothubDM.factoryReset} in reported properties. Times are ISO-8601 UTC strings. */
public record FactoryResetReport(
        FactoryResetStatus status,
        String operationId,
        String lastFactoryReset,
        String startedAt,
        String updatedAt,
        ErrorInfo error)
        implements ActionReport {
    @Override
    public Action<FactoryResetRequest, FactoryResetReport> action() {
        return Action.FACTORY_RESET;
    }
}
