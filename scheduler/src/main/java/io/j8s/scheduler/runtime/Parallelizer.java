package io.j8s.scheduler.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Runs a piece of work for each index in parallel on up to {@code parallelism} threads (and no
 * more than there are cores), the caller's included (upstream's {@code parallelize.Until});
 * small inputs run on the caller alone.
 */
final class Parallelizer {
    private static final int SERIAL_BELOW = 32;
    /** Threads beyond the cores only wait for them: 16 workers on 2 cores are slower than 2. */
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private final ExecutorService pool;
    private final int parallelism;

    Parallelizer(ExecutorService pool, int parallelism) {
        this.pool = pool;
        this.parallelism = parallelism;
    }

    /** Calls {@code work} for 0..n-1 until one call returns true (stop), then takes no new index. */
    void until(int n, IntPredicate work) {
        if (n < SERIAL_BELOW || parallelism <= 1) {
            for (int i = 0; i < n; i++) {
                if (work.test(i)) {
                    return;
                }
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int helpers = Math.min(Math.min(parallelism, CPUS), n / SERIAL_BELOW + 1) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < n; i++) {
                if (work.test(i)) {
                    return;
                }
            }
            return;
        }
        CountDownLatch done = new CountDownLatch(helpers);
        RuntimeException[] failure = new RuntimeException[1];
        Runnable worker = () -> {
            int i;
            while (!stop.get() && (i = next.getAndIncrement()) < n) {
                if (work.test(i)) {
                    stop.set(true);
                }
            }
        };
        for (int h = 0; h < helpers; h++) {
            pool.execute(() -> {
                try {
                    worker.run();
                } catch (RuntimeException e) {
                    failure[0] = e;
                    stop.set(true);
                } finally {
                    done.countDown();
                }
            });
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Calls {@code work} for every index 0..n-1. */
    void each(int n, java.util.function.IntConsumer work) {
        until(n, i -> {
            work.accept(i);
            return false;
        });
    }
}
