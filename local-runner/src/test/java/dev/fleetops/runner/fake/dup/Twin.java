package dev.fleetops.runner.fake.dup;

/** A class the class-path test puts into two lib/ jars, as two copies of one library would. */
public final class Twin {
    private Twin() {}
}
