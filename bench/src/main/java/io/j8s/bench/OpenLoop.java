package io.j8s.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Load at a fixed rate whatever the server does (an open loop): request {@code i} is due at
 * {@code start + i / rate} and goes to client {@code i % clients}, a platform thread that sends
 * its requests one at a time. A client still busy when its next request is due sends it late, and
 * the request's latency counts from when it was due, so queueing shows in the figures instead of
 * slowing the load down (no coordinated omission).
 */
final class OpenLoop {

    /** One request. */
    @FunctionalInterface
    interface Request {
        /**
         * @param client which client sends it, from 0
         * @param i the request's number in the run
         * @param dueNanos when it was due, a {@link System#nanoTime()} reading
         */
        void send(int client, long i, long dueNanos) throws Exception;
    }

    /** What a run did: the requests sent, in how many nanoseconds. */
    record Result(long requests, long elapsedNanos) {
        double perSecond() {
            return requests * 1e9 / elapsedNanos;
        }
    }

    private OpenLoop() {}

    /** Sends {@code rate} requests per second for {@code duration} from {@code clients} clients. */
    static Result run(String name, int clients, double rate, Duration duration, Request request) {
        long total = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        double spacing = 1e9 / rate;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime() + 20_000_000;
        List<Thread> threads = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().name(name + "-" + c).daemon(true).start(() -> {
                try {
                    for (long i = client; i < total && failure.get() == null; i += clients) {
                        long due = start + Math.round(i * spacing);
                        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                            LockSupport.parkNanos(wait);
                        }
                        request.send(client, i, due);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted", e);
        }
        long elapsed = System.nanoTime() - start;
        Throwable t = failure.get();
        if (t != null) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            throw new IllegalStateException(name + " failed: " + message, t);
        }
        return new Result(total, elapsed);
    }
}
