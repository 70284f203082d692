package io.j8s.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Measures an API server over HTTP the way its clients load it: a mix of creates, updates and gets
 * at a fixed rate, then at rising rates until it no longer keeps up (its capacity), full lists of
 * many pods served from the watch cache, and how soon many watchers hear of a change. Each figure
 * uses a namespace of its own.
 */
final class ApiWorkload {
    static final int CLIENTS = 32;
    static final double RATE = 200;
    static final int CREATE_PERCENT = 30;
    static final int UPDATE_PERCENT = 30;
    static final int LIST_PODS = 10_000;
    static final int WATCHERS = 1000;
    static final long WATCH_SPACING_MS = 200;
    private static final String MIX = "bench-mix";
    private static final String LIST = "bench-list";
    private static final String WATCH = "bench-watch";
    private static final int PRELOAD = 4;
    private static final long GRACE_SECONDS = 10;
    private static final Percentiles NO_SAMPLES = Percentiles.of(new long[0]);

    private final ApiClient api;
    private final int port;
    private final AdminTls tls;
    private final String backend;
    private final ApiPlan plan;
    private final int listPods;
    private final int watchers;
    private final Consumer<String> progress;
    private final List<String> failures = new ArrayList<>();

    /** @param tls how to reach the server over HTTPS as its admin; null for plain HTTP */
    ApiWorkload(int port, AdminTls tls, String backend, ApiPlan plan, Consumer<String> progress) {
        this(port, tls, backend, plan, LIST_PODS, WATCHERS, progress);
    }

    /** A workload with other sizes, for tests. */
    ApiWorkload(int port, AdminTls tls, String backend, ApiPlan plan, int listPods, int watchers,
            Consumer<String> progress) {
        this.api = tls == null ? new ApiClient("http://127.0.0.1:" + port, null)
                : new ApiClient("https://127.0.0.1:" + port, tls.sslContext());
        this.port = port;
        this.tls = tls;
        this.backend = backend;
        this.plan = plan;
        this.listPods = listPods;
        this.watchers = watchers;
        this.progress = progress;
    }

    /** Measures every figure; one that fails is noted in {@link ApiFigures#failures()}. */
    ApiFigures measure() {
        attempt("creating the namespaces", null, () -> {
            for (String ns : List.of(MIX, LIST, WATCH)) {
                createNamespace(ns);
            }
            return null;
        });
        Mix mix = attempt("the request mix", null, this::mix);
        if (mix != null) {
            report("mix: %.0f requests/s; create %s; update %s; get %s; %d conflicts; %.2f ms of"
                    + " CPU per request", mix.rate, mix.create.percentiles(),
                    mix.update.percentiles(), mix.get.percentiles(), mix.conflicts.get(),
                    mix.cpuMillisPerRequest);
        }
        Capacity capacity = attempt("capacity", Capacity.NONE, this::capacity);
        report("capacity: %s", capacity);
        Percentiles list = attempt(String.format(Locale.ROOT, "list of %,d pods", listPods),
                NO_SAMPLES, this::lists);
        report("list of %,d pods: %s", listPods, list);
        long[] missed = {0};
        Percentiles watch = attempt(String.format(Locale.ROOT, "%,d watchers", watchers),
                NO_SAMPLES, () -> watch(missed));
        report("%,d watchers: %s, %d missed", watchers, watch, missed[0]);
        return mix == null
                ? new ApiFigures(NO_SAMPLES, NO_SAMPLES, NO_SAMPLES, NO_SAMPLES, Double.NaN, 0,
                        list, watch, missed[0], failures, capacity, Double.NaN)
                : new ApiFigures(mix.create.percentiles(), mix.update.percentiles(),
                        mix.get.percentiles(), mix.mutating.percentiles(), mix.rate,
                        mix.conflicts.get(), list, watch, missed[0], failures, capacity,
                        mix.cpuMillisPerRequest);
    }

    private <T> T attempt(String figure, T failed, Supplier<T> measurement) {
        try {
            return measurement.get();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            failures.add(figure + ": " + message);
            progress.accept(backend + ": " + figure + " failed: " + message);
            return failed;
        }
    }

    private void createNamespace(String ns) {
        call(() -> ApiClient.expect(201, api.post("/api/v1/namespaces", ("{\"apiVersion\":\"v1\","
                + "\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}")
                .getBytes(StandardCharsets.UTF_8)), "create namespace " + ns));
    }

    // ---- 1. the request mix ------------------------------------------------------------------

    /** The latencies of the mix, per verb. */
    private static final class Mix {
        final LatencyRecorder create = new LatencyRecorder();
        final LatencyRecorder update = new LatencyRecorder();
        final LatencyRecorder get = new LatencyRecorder();
        final LatencyRecorder mutating = new LatencyRecorder();
        final AtomicLong conflicts = new AtomicLong();
        double rate;
        double cpuMillisPerRequest = Double.NaN;
    }

    /** The ConfigMaps one client made: names and the resourceVersions it last saw. */
    private static final class Owned {
        final List<String> names = new ArrayList<>();
        final List<String> versions = new ArrayList<>();
        final SplittableRandom random;
        final int client;
        int next;
        long made;

        Owned(int client) {
            this.client = client;
            random = new SplittableRandom(client);
        }
    }

    private Mix mix() {
        Owned[] owned = preload("mix", 0, CLIENTS);
        progress.accept(backend + ": mix: warming up for " + plan.warmUp().toMillis() + " ms");
        runMix(owned, new Mix(), RATE, plan.warmUp());
        progress.accept(String.format(Locale.ROOT, "%s: mix: %.0f requests/s from %d clients"
                + " for %.1fs", backend, RATE, CLIENTS, plan.mix().toMillis() / 1000.0));
        Mix mix = new Mix();
        long cpu = processCpuNanos();
        OpenLoop.Result run = runMix(owned, mix, RATE, plan.mix());
        long used = processCpuNanos() - cpu;
        mix.rate = run.perSecond();
        if (cpu >= 0 && used >= 0) {
            mix.cpuMillisPerRequest = used / 1e6 / run.requests();
        }
        return mix;
    }

    /**
     * The same mix at {@link Capacity#RATES}, one step after the other from
     * {@link Capacity#CLIENTS} clients, until the mutating p99 passes
     * {@link Capacity#MUTATING_P99_MS} or requests fail.
     */
    private Capacity capacity() {
        Owned[] owned = preload("capacity", 100, Capacity.CLIENTS);
        List<Capacity.Step> steps = new ArrayList<>();
        for (double rate : Capacity.RATES) {
            progress.accept(String.format(Locale.ROOT, "%s: capacity: %.0f requests/s from %d"
                    + " clients for %.1fs", backend, rate, Capacity.CLIENTS,
                    plan.capacityStep().toMillis() / 1000.0));
            Mix step = new Mix();
            String failed = null;
            double achieved = Double.NaN;
            try {
                achieved = runMix(owned, step, rate, plan.capacityStep()).perSecond();
            } catch (IllegalStateException e) {
                failed = e.getMessage();
            }
            Capacity.Step s = new Capacity.Step(rate, achieved,
                    step.mutating.percentiles().millis(99), failed);
            steps.add(s);
            report("capacity: %s", s);
            if (!s.held()) {
                break;
            }
        }
        return new Capacity(steps);
    }

    /**
     * {@code clients} owners of {@value #PRELOAD} ConfigMaps each, created now; client numbers
     * start at {@code first}, so that names do not collide with another run's.
     */
    private Owned[] preload(String what, int first, int clients) {
        Owned[] owned = new Owned[clients];
        for (int c = 0; c < clients; c++) {
            owned[c] = new Owned(first + c);
        }
        progress.accept(backend + ": " + what + ": " + clients * PRELOAD
                + " ConfigMaps to start from");
        ClosedLoop.forCalls(backend + "-preload", clients, clients * PRELOAD, (client, n) -> {
            Owned o = owned[(int) (n % clients)];
            synchronized (o) {
                create(o, o.client, null, 0);
            }
        });
        return owned;
    }

    /** CPU time this process has used, every thread; -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private OpenLoop.Result runMix(Owned[] owned, Mix mix, double rate,
            java.time.Duration duration) {
        return OpenLoop.run(backend + "-mix", owned.length, rate, duration, (client, i, due) -> {
            Owned o = owned[client];
            int dice = o.random.nextInt(100);
            if (dice < CREATE_PERCENT) {
                create(o, o.client, mix, due);
            } else if (dice < CREATE_PERCENT + UPDATE_PERCENT) {
                update(o, mix, due);
            } else {
                String name = o.names.get(o.random.nextInt(o.names.size()));
                ApiClient.expect(200, api.get(configMap(name)), "get " + name);
                mix.get.recordSince(due);
            }
        });
    }

    private void create(Owned o, int client, Mix mix, long due) throws Exception {
        String name = String.format(Locale.ROOT, "cm-%03d-%06d", client, o.made++);
        ApiClient.Response r = ApiClient.expect(201, api.post("/api/v1/namespaces/" + MIX
                + "/configmaps", configMapJson(name, null, 0)), "create " + name);
        if (mix != null) {
            mix.create.recordSince(due);
            mix.mutating.recordSince(due);
        }
        o.names.add(name);
        o.versions.add(r.resourceVersion());
    }

    /** PUTs one of the client's ConfigMaps with the resourceVersion it last saw. */
    private void update(Owned o, Mix mix, long due) throws Exception {
        int k = o.next++ % o.names.size();
        String name = o.names.get(k);
        long start = due;
        while (true) {
            ApiClient.Response r = api.put(configMap(name),
                    configMapJson(name, o.versions.get(k), o.next));
            mix.update.recordSince(start);
            mix.mutating.recordSince(start);
            if (r.status() == 200) {
                o.versions.set(k, r.resourceVersion());
                return;
            }
            if (r.status() != 409) {
                throw new IllegalStateException("update " + name + ": HTTP " + r.status() + " "
                        + r.abbreviated());
            }
            mix.conflicts.incrementAndGet();
            long read = System.nanoTime();
            o.versions.set(k, ApiClient.expect(200, api.get(configMap(name)), "get " + name)
                    .resourceVersion());
            mix.get.recordSince(read);
            start = System.nanoTime();
        }
    }

    private static String configMap(String name) {
        return "/api/v1/namespaces/" + MIX + "/configmaps/" + name;
    }

    private static byte[] configMapJson(String name, String resourceVersion, long generation) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + MIX + "\""
                + (resourceVersion == null ? ""
                        : ",\"resourceVersion\":\"" + resourceVersion + "\"")
                + ",\"labels\":{\"app\":\"bench\"}},\"data\":{\"generation\":\"" + generation
                + "\",\"config.yaml\":\"listen: 0.0.0.0:8080\\nlog: info\\nworkers: 4\\n\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    // ---- 2. lists from the watch cache -------------------------------------------------------

    private Percentiles lists() {
        progress.accept(String.format(Locale.ROOT, "%s: creating %,d pods in %s", backend,
                listPods, LIST));
        long start = System.nanoTime();
        ClosedLoop.forCalls(backend + "-pods", CLIENTS, listPods, (client, n) -> {
            String name = podName((int) n);
            ApiClient.expect(201, api.post("/api/v1/namespaces/" + LIST + "/pods",
                    SamplePod.json(LIST, name, n)), "create pod " + name);
        });
        report("created %,d pods in %.1fs", listPods, (System.nanoTime() - start) / 1e9);
        String path = "/api/v1/namespaces/" + LIST + "/pods?resourceVersion=0";
        int items = countItems(call(() -> ApiClient.expect(200, api.get(path), "list")));
        if (items != listPods) {
            throw new IllegalStateException("the list had " + items + " pods, not " + listPods);
        }
        for (int i = 0; i < 2; i++) {
            call(() -> api.get(path)); // unmeasured: warms the JIT on the first backend
        }
        progress.accept(backend + ": " + plan.listRounds() + " lists of " + listPods + " pods");
        LatencyRecorder latency = new LatencyRecorder();
        long bytes = 0;
        for (int i = 0; i < plan.listRounds(); i++) {
            long t = System.nanoTime();
            ApiClient.Response r = call(() -> api.get(path));
            latency.recordSince(t);
            ApiClient.expect(200, r, "list");
            bytes = r.body().length;
        }
        report("a list is %,d bytes", bytes);
        return latency.percentiles();
    }

    /** The items of a list, counted by their {@code "kind":"Pod"} or, failing that, uids. */
    private static int countItems(ApiClient.Response list) {
        String text = list.text();
        int pods = count(text, "\"kind\":\"Pod\"");
        return pods > 0 ? pods : count(text, "\"uid\":");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String podName(int i) {
        return String.format(Locale.ROOT, "pod-%06d", i);
    }

    // ---- 3. many watchers --------------------------------------------------------------------

    private Percentiles watch(long[] missed) {
        String pod = "/api/v1/namespaces/" + WATCH + "/pods/watched";
        ApiClient.Response created = call(() -> ApiClient.expect(201, api.post(
                "/api/v1/namespaces/" + WATCH + "/pods", SamplePod.json(WATCH, "watched", 1)),
                "create the watched pod"));
        int changes = plan.watchChanges();
        // Change 0 tells that every watch is registered; the next ones, unmeasured, warm the JIT
        // up (on a small machine the first backend otherwise pays for compiling the HTTP paths);
        // the last `changes` are measured.
        int warm = Math.max(1, changes / 2);
        AtomicLongArray sentAt = new AtomicLongArray(warm + changes + 1);
        LatencyRecorder latency = new LatencyRecorder();
        CountDownLatch ready = new CountDownLatch(watchers);
        CountDownLatch arrived = new CountDownLatch(watchers * changes);
        progress.accept(String.format(Locale.ROOT, "%s: opening %,d watches", backend, watchers));
        long opening = System.nanoTime();
        try (PodWatchers streams = PodWatchers.open(port, tls, "/api/v1/namespaces/" + WATCH
                + "/pods?watch=true&resourceVersion=" + created.resourceVersion(), watchers, 100,
                (seq, now) -> {
                    if (seq == 0) {
                        ready.countDown();
                    } else if (seq > warm && seq <= warm + changes) {
                        latency.record(now - sentAt.get((int) seq));
                        arrived.countDown();
                    }
                })) {
            report("%,d watches open in %.1fs", streams.open(),
                    (System.nanoTime() - opening) / 1e9);
            change(pod, 0);
            if (!ready.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(ready.getCount() + " of " + watchers
                        + " watchers never heard the first change"
                        + (streams.ended() == null ? "" : ": " + streams.ended()));
            }
            progress.accept(String.format(Locale.ROOT, "%s: %d changes to warm up, then %d"
                    + " measured, %d ms apart", backend, warm, changes, WATCH_SPACING_MS));
            LatencyRecorder writes = new LatencyRecorder();
            for (int seq = 1; seq <= warm + changes; seq++) {
                Thread.sleep(WATCH_SPACING_MS);
                long sent = System.nanoTime();
                sentAt.set(seq, sent);
                change(pod, seq);
                if (seq > warm) {
                    writes.recordSince(sent);
                }
            }
            arrived.await(GRACE_SECONDS, TimeUnit.SECONDS);
            missed[0] = arrived.getCount();
            report("the changes (PATCH) alone: %s", writes.percentiles());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring watches", e);
        }
        return latency.percentiles();
    }

    private void change(String pod, long seq) {
        call(() -> ApiClient.expect(200, api.mergePatch(pod, "{\"metadata\":{\"annotations\":{\""
                + PodWatchers.SEQUENCE + "\":\"" + seq + "\"}}}"), "patch the watched pod"));
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private interface HttpCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(HttpCall<T> c) {
        try {
            return c.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    private void report(String format, Object... args) {
        progress.accept(backend + ": " + String.format(Locale.ROOT, format, args));
    }
}
