package dev.fleetops.contract;

/**
 * {@code iothubDM.reboot} in reported properties. {@code lastReboot} keeps the tutorial's meaning.
 * Times are ISO-8601 UTC strings.
 */
public record RebootReport(
        RebootStatus status,
        String operationId,
        String lastReboot,
        Long bootCount,
        String startedAt,
        String updatedAt,
        ErrorInfo error)
        implements ActionReport {
    @Override
    public Action<RebootRequest, RebootReport> action() {
        return Action.REBOOT;
    }
}
