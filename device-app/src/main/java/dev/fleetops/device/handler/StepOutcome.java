package dev.fleetops.device.handler;

/** How a handler call ended. */
public sealed interface StepOutcome {
    /** Exit code 0: the step is done. */
    record Done() implements StepOutcome {}

    /**
     * Exit code {@value ExecHandler#EXIT_BUILT_IN}: the handler does not do this step here, so the agent does
     * its built-in (simulated) behaviour for it, e.g. no {@code download-verified} check, or a simulated reboot.
     */
    record BuiltIn() implements StepOutcome {}

    /**
     * Any other exit code, a timeout, or a handler that could not be started.
     *
     * @param timedOut whether the handler was stopped for taking longer than its step's timeout
     * @param reason   one line on what happened, then the first and last lines of its output (reported)
     */
    record Failed(boolean timedOut, String reason) implements StepOutcome {}

    StepOutcome DONE = new Done();
    StepOutcome BUILT_IN = new BuiltIn();
}
