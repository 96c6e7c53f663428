package dev.fleetops.runner.stack.demo;

/** A demo step did not behave as expected; the message says which step and what was seen. */
public final class DemoFailure extends RuntimeException {
    public DemoFailure(String message) {
        super(message);
    }
}
