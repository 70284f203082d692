package io.j8s.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load from a number of clients, each a platform thread that starts its next call only when the
 * previous one has returned (a closed loop, as API server clients behave), and the number of calls
 * that completed. The first call that throws stops every client and fails the run.
 */
final class ClosedLoop {

    /** One call made by a client. */
    @FunctionalInterface
    interface Call {
        /**
         * @param client which client calls, from 0
         * @param n in {@link #forDuration}, this client's n-th call; in {@link #forCalls}, the n-th
         *     call of the whole run, so every call gets a different n
         */
        void run(int client, long n) throws Exception;
    }

    /** What a run did: the calls that completed, in how many nanoseconds. */
    record Result(long calls, long elapsedNanos) {
        double perSecond() {
            return calls * 1e9 / elapsedNanos;
        }
    }

    private final String name;
    private final int clients;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final LongAdder completed = new LongAdder();

    private ClosedLoop(String name, int clients) {
        if (clients < 1) {
            throw new IllegalArgumentException("a load needs a client");
        }
        this.name = name;
        this.clients = clients;
    }

    /** Runs {@code clients} clients for {@code duration}; counts the calls that finished in it. */
    static Result forDuration(String name, int clients, Duration duration, Call call) {
        ClosedLoop loop = new ClosedLoop(name, clients);
        return loop.run(client -> {
            for (long n = 0; !loop.stop.get(); n++) {
                call.run(client, n);
                if (!loop.stop.get()) {
                    loop.completed.increment();
                }
            }
        }, duration.toNanos());
    }

    /** Makes {@code total} calls, shared among {@code clients} clients, as fast as they go. */
    static Result forCalls(String name, int clients, long total, Call call) {
        ClosedLoop loop = new ClosedLoop(name, clients);
        AtomicLong next = new AtomicLong();
        return loop.run(client -> {
            for (long n; !loop.stop.get() && (n = next.getAndIncrement()) < total; ) {
                call.run(client, n);
                loop.completed.increment();
            }
        }, Long.MAX_VALUE);
    }

    private interface Client {
        void run(int client) throws Exception;
    }

    private Result run(Client body, long durationNanos) {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.add(Thread.ofPlatform().name(name + "-" + i).daemon(true).start(() -> {
                try {
                    ready.countDown();
                    go.await();
                    body.run(client);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    stop.set(true);
                } finally {
                    done.countDown();
                }
            }));
        }
        long elapsed;
        try {
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            if (durationNanos == Long.MAX_VALUE) {
                done.await();
            } else {
                done.await(durationNanos, TimeUnit.NANOSECONDS);
            }
            stop.set(true);
            elapsed = System.nanoTime() - start;
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            stop.set(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted", e);
        }
        Throwable t = failure.get();
        if (t != null) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            throw new IllegalStateException(name + " failed: " + message, t);
        }
        return new Result(completed.sum(), elapsed);
    }
}
