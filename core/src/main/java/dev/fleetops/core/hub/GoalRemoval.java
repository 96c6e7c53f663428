package dev.fleetops.core.hub;

/** What became of a request to take a desired-property goal out of a device's twin. */
public sealed interface GoalRemoval {
    /** The goal was this operation's and is gone (removed under the twin's etag). */
    record Removed() implements GoalRemoval {}

    /** There is no goal, or it belongs to someone else now (a newer operation, an operator): left alone. */
    record NotOurs() implements GoalRemoval {}

    /** The hub failed or the twin kept changing under us; try again on a later tick. */
    record Failed(HubFailure failure) implements GoalRemoval {}
}
