package dev.fleetops.functions.support;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One error, thrown by whichever fault point a function reaches first; later calls pass. Used to prove
 * that a function answers a failure at any point, including one that only happens once (a library
 * shadowed on the class path fails at the first call into it).
 */
public final class OneFault {
    private final AtomicReference<Error> pending;
    private volatile String where;

    public OneFault(Error error) {
        this.pending = new AtomicReference<>(error);
    }

    public void at(String point) {
        Error e = pending.getAndSet(null);
        if (e != null) {
            where = point;
            throw e;
        }
    }

    /** The point that threw, or null if none did. */
    public String thrownAt() {
        return where;
    }

    /** A dependency that hits this fault when asked for; there is no real service behind it. */
    public <T> Supplier<T> supplier(String name) {
        return () -> {
            at(name + ".get()");
            throw new IllegalStateException(name + ": no service in this test");
        };
    }
}
