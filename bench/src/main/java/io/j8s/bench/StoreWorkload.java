package io.j8s.bench;

import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Measures one {@link Store} the way the API server uses it: creates of pod-sized values from one
 * and from many clients, gets of random existing keys, full lists of a large prefix, and how soon a
 * watcher hears of a write. Each figure uses its own namespace of keys under
 * {@code /registry/pods/}. On etcd, the write rates are measured beside {@link RawEtcd}'s plain
 * puts, in alternating rounds, so that both see the same machine.
 */
final class StoreWorkload {
    static final int WRITERS = 64;
    static final int READERS = 16;
    static final int LIST_KEYS = 10_000;
    static final Duration WATCH_INTERVAL = Duration.ofMillis(2);
    /** Rounds of raw etcd and the store taking turns, per write figure: ABBA, so drift cancels. */
    static final int RAW_ROUNDS = 4;
    private static final long WATCH_GRACE_SECONDS = 10;
    private static final Percentiles NO_SAMPLES = Percentiles.of(new long[0]);

    private final Store store;
    private final String backend;
    private final StorePlan plan;
    private final Consumer<String> progress;
    private final RawEtcd raw;
    private final List<String> failures = new ArrayList<>();

    StoreWorkload(Store store, String backend, StorePlan plan, Consumer<String> progress) {
        this(store, backend, plan, progress, null);
    }

    /** @param raw the etcd behind {@code store}, written to directly beside it; null for none */
    StoreWorkload(Store store, String backend, StorePlan plan, Consumer<String> progress,
            RawEtcd raw) {
        this.store = store;
        this.backend = backend;
        this.plan = plan;
        this.progress = progress;
        this.raw = raw;
    }

    /**
     * Warms the store up and measures every figure. A figure whose calls fail is reported as not a
     * number (an empty {@link Percentiles} for latencies) with the failure in
     * {@link StoreFigures#failures()}, and the other figures are still measured.
     */
    StoreFigures measure() {
        warmUp();

        Rate one = attempt("writes, 1 client", Rate.FAILED,
                () -> writes("bench-w1", 1, plan.measure()));
        report("writes, 1 client: %s", one);
        Rate many = attempt("writes, " + WRITERS + " clients", Rate.FAILED,
                () -> writes("bench-w64", WRITERS, plan.measure()));
        report("writes, %d clients: %s", WRITERS, many);

        String listPrefix = key("bench-list", "");
        String[] keys = attempt("creating the keys to read and list", null,
                () -> populate("bench-list", LIST_KEYS));
        double reads = Double.NaN;
        Percentiles list = NO_SAMPLES;
        if (keys != null) {
            reads = attempt("reads", Double.NaN, () -> reads(keys, READERS, plan.measure()));
            report("reads, %d clients: %,.0f/s", READERS, reads);
            list = attempt(String.format(Locale.ROOT, "list of %,d keys", LIST_KEYS), NO_SAMPLES,
                    () -> lists(listPrefix, LIST_KEYS, plan.listRounds()));
            report("list of %,d keys: %s", LIST_KEYS, list);
        }

        WatchResult watch = attempt("watch delivery", new WatchResult(NO_SAMPLES, NO_SAMPLES, 0),
                () -> watch("bench-watch", plan.measure()));
        report("watch delivery: %s, %d missed; the create calls alone: %s", watch.latency(),
                watch.missed(), watch.writes());
        return new StoreFigures(one.store(), many.store(), reads, list, watch.latency(),
                watch.missed(), failures, one.raw(), many.raw());
    }

    /** Runs one measurement; when it fails, notes why and returns {@code failed} instead. */
    private <T> T attempt(String figure, T failed, Supplier<T> measurement) {
        try {
            return measurement.get();
        } catch (StoreException | IllegalStateException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            failures.add(figure + ": " + message);
            progress.accept(backend + ": " + figure + " failed: " + message);
            return failed;
        }
    }

    /**
     * Runs every kind of call unmeasured, so that the JIT and the backend's caches are warm. A call
     * that fails here is only reported: the figure it warms up fails on its own and says why.
     */
    private void warmUp() {
        progress.accept(backend + ": warming up for " + seconds(plan.warmUp()));
        Duration slice = plan.warmUp().dividedBy(4);
        try {
            writes("warm-w1", 1, slice);
            writes("warm-w64", WRITERS, slice);
            String[] keys = populate("warm-list", 1000);
            reads(keys, READERS, slice);
            for (int i = 0; i < 5; i++) {
                list(key("warm-list", ""), keys.length);
            }
            watch("warm-watch", slice);
        } catch (StoreException | IllegalStateException e) {
            progress.accept(backend + ": the warm-up failed: " + e.getMessage());
        }
    }

    /** Writes per second through the store and, where measured beside it, straight to etcd. */
    record Rate(double store, double raw) {
        static final Rate FAILED = new Rate(Double.NaN, Double.NaN);

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f/s", store) + (Double.isNaN(raw) ? ""
                    : String.format(Locale.ROOT, " (raw etcd beside it: %,.0f/s)", raw));
        }
    }

    /**
     * Creates distinct keys from {@code clients} clients for {@code duration}. With raw etcd, the
     * store and raw puts of the same values take turns in {@link #RAW_ROUNDS} rounds, each
     * {@code duration} in all.
     */
    private Rate writes(String namespace, int clients, Duration duration) {
        progress.accept(backend + ": " + namespace + ", " + clients + " client(s) for "
                + seconds(duration) + (raw == null ? "" : ", taking turns with raw etcd"));
        if (raw == null) {
            return new Rate(creates(namespace, 0, clients, duration).perSecond(), Double.NaN);
        }
        Duration slice = duration.dividedBy(RAW_ROUNDS);
        long[] storeRun = new long[2];
        long[] rawRun = new long[2];
        for (int round = 0; round < RAW_ROUNDS; round++) {
            boolean rawFirst = round % 4 == 0 || round % 4 == 3;
            for (int turn = 0; turn < 2; turn++) {
                boolean isRaw = rawFirst == (turn == 0);
                ClosedLoop.Result r = isRaw
                        ? rawPuts(namespace + "-raw", round, clients, slice)
                        : creates(namespace, round, clients, slice);
                long[] sum = isRaw ? rawRun : storeRun;
                sum[0] += r.calls();
                sum[1] += r.elapsedNanos();
            }
        }
        return new Rate(storeRun[0] * 1e9 / storeRun[1], rawRun[0] * 1e9 / rawRun[1]);
    }

    private ClosedLoop.Result creates(String namespace, int round, int clients, Duration duration) {
        return ClosedLoop.forDuration(backend + "-" + namespace, clients, duration, (client, n) -> {
            String name = "pod-" + round + "-" + client + "-" + n;
            long uid = (long) client << 32 | n;
            store.create(key(namespace, name), SamplePod.json(namespace, name, uid));
        });
    }

    private ClosedLoop.Result rawPuts(String namespace, int round, int clients, Duration duration) {
        return ClosedLoop.forDuration("raw-" + namespace, clients, duration, (client, n) -> {
            String name = "pod-" + round + "-" + client + "-" + n;
            long uid = (long) client << 32 | n;
            raw.put(key(namespace, name), SamplePod.json(namespace, name, uid));
        });
    }

    /** Creates {@code count} keys in {@code namespace} and returns them. */
    private String[] populate(String namespace, int count) {
        progress.accept(backend + ": creating " + count + " keys in " + namespace);
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = key(namespace, name(i));
        }
        ClosedLoop.forCalls(backend + "-" + namespace, WRITERS, count, (client, n) ->
                store.create(keys[(int) n], SamplePod.json(namespace, name((int) n), n)));
        return keys;
    }

    /** Gets random keys of {@code keys} from {@code clients} clients; gets per second. */
    private double reads(String[] keys, int clients, Duration duration) {
        progress.accept(backend + ": reads, " + clients + " clients for " + seconds(duration));
        return ClosedLoop.forDuration(backend + "-reads", clients, duration, (client, n) -> {
            String key = keys[ThreadLocalRandom.current().nextInt(keys.length)];
            if (store.get(key).isEmpty()) {
                throw new IllegalStateException(backend + " lost " + key);
            }
        }).perSecond();
    }

    private Percentiles lists(String prefix, int expected, int rounds) {
        progress.accept(backend + ": " + rounds + " lists of " + expected + " keys");
        list(prefix, expected);
        LatencyRecorder latency = new LatencyRecorder();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            list(prefix, expected);
            latency.recordSince(start);
        }
        return latency.percentiles();
    }

    private void list(String prefix, int expected) {
        ListPage page = store.list(prefix);
        if (page.items().size() != expected || page.hasMore()) {
            throw new IllegalStateException(backend + " listed " + page.items().size()
                    + " keys under " + prefix + (page.hasMore() ? " and more" : "") + ", not "
                    + expected);
        }
    }

    /** Delivery latency, and that of the create calls alone (part of it), for the progress line. */
    private record WatchResult(Percentiles latency, Percentiles writes, long missed) {}

    /**
     * Creates a key every {@link #WATCH_INTERVAL} for {@code duration} while one watcher follows
     * the namespace, and times each create from just before the call to its event at the listener.
     */
    private WatchResult watch(String namespace, Duration duration) {
        progress.accept(backend + ": watch, one write every " + WATCH_INTERVAL.toMillis()
                + " ms for " + seconds(duration));
        String prefix = key(namespace, "");
        String readyKey = key(namespace, "ready");
        long interval = WATCH_INTERVAL.toNanos();
        int events = (int) Math.max(1, duration.toNanos() / interval);
        AtomicLongArray sentAt = new AtomicLongArray(events);
        LatencyRecorder latency = new LatencyRecorder();
        LatencyRecorder writes = new LatencyRecorder();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(events);
        AtomicReference<String> ended = new AtomicReference<>();
        WatchListener listener = new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                long now = System.nanoTime();
                if (event.key().equals(readyKey)) {
                    ready.countDown();
                    return;
                }
                int i = index(event.key().substring(prefix.length()));
                latency.record(now - sentAt.get(i));
                arrived.countDown();
            }

            @Override
            public void onClosed(StoreException cause) {
                ended.set(cause == null ? "the store closed" : cause.getMessage());
                ready.countDown();
            }
        };
        Watch watch = store.watch(prefix, store.currentRevision(), listener);
        try {
            store.create(readyKey, SamplePod.json(namespace, "ready", 0));
            if (!ready.await(WATCH_GRACE_SECONDS, TimeUnit.SECONDS) || ended.get() != null) {
                throw new IllegalStateException(backend + ": the watch on " + prefix
                        + " saw nothing within " + WATCH_GRACE_SECONDS + "s"
                        + (ended.get() == null ? "" : ": " + ended.get()));
            }
            long next = System.nanoTime();
            for (int i = 0; i < events; i++) {
                for (long wait; (wait = next - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                String name = name(i);
                String key = key(namespace, name);
                byte[] value = SamplePod.json(namespace, name, i);
                long sent = System.nanoTime();
                sentAt.set(i, sent);
                KeyValue written = store.create(key, value);
                writes.recordSince(sent);
                // A write slower than the interval delays the next one instead of causing a burst.
                next = Math.max(next + interval, System.nanoTime());
                if (written.modRevision() <= 0) {
                    throw new IllegalStateException(backend + " gave " + key + " no revision");
                }
            }
            arrived.await(WATCH_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring watch delivery", e);
        } finally {
            watch.close();
        }
        if (ended.get() != null) {
            throw new IllegalStateException(backend + ": the watch on " + prefix + " ended: "
                    + ended.get());
        }
        return new WatchResult(latency.percentiles(), writes.percentiles(), arrived.getCount());
    }

    private static String key(String namespace, String name) {
        return "/registry/pods/" + namespace + "/" + name;
    }

    /** Names that sort in creation order, so a list returns them as they were made. */
    private static String name(int i) {
        return String.format(Locale.ROOT, "pod-%06d", i);
    }

    private static int index(String name) {
        return Integer.parseInt(name, "pod-".length(), name.length(), 10);
    }

    private void report(String format, Object... args) {
        progress.accept(backend + ": " + String.format(Locale.ROOT, format, args));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
