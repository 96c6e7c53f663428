package dev.fleetops.functions.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a batch of storage calls on a small pool of daemon threads (one partition each, so they do not contend) and
 * waits for all of them; a single task runs on the caller's thread.
 */
final class ParallelTasks {
    private final ExecutorService pool;

    ParallelTasks(int threads, String name) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @return the results in task order
     * @throws RuntimeException the first task's failure, the others' added as suppressed, after every task ended
     */
    <T> List<T> runAll(List<Callable<T>> tasks) {
        if (tasks.size() == 1) {
            try {
                List<T> one = new ArrayList<>(1);
                one.add(tasks.get(0).call());
                return one;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(pool.submit(t));
        }
        List<T> out = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                RuntimeException cause =
                        e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }
}
