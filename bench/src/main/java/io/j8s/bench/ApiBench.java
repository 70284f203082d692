package io.j8s.bench;

import io.j8s.apiserver.ApiServer;
import io.j8s.store.Store;
import io.j8s.testkit.EtcdServer;
import io.j8s.testkit.TemporaryDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench api}: an API server started in this JVM, first on the embedded SQLite store,
 * then on a real etcd, each driven over HTTPS with the admin's client certificate by the same
 * {@link ApiWorkload}; one table with a column per backend and whether each target was met.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = {"Measure the API server over HTTPS on SQLite and on a real etcd: a mix of"
                + " creates, updates and gets at 200 requests/s from 32 clients, the highest rate"
                + " of that mix it holds with a mutating p99 within 50 ms, lists of 10,000 pods"
                + " from the watch cache, and 1,000 watchers hearing of changes.",
                "Serves HTTPS on loopback with certificates of its own; the clients connect with"
                + " an admin's client certificate. Progress goes to stderr, the table to stdout."})
public final class ApiBench implements Callable<Integer> {
    static final double MUTATING_TARGET_MS = 50;
    static final double READ_TARGET_MS = 20;
    static final double LIST_TARGET_MS = 300;
    static final double WATCH_TARGET_MS = 100;
    static final double CAPACITY_TARGET = 2000;

    @Option(names = "--quick", description = "Measure every figure briefly: the whole run takes"
            + " under a minute.")
    boolean quick;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the request mix is measured, like 30s (default: 30s, or 4s"
                    + " with --quick).")
    Duration duration;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public ApiBench() {
        this(Clock.systemUTC());
    }

    ApiBench(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiPlan plan = quick ? ApiPlan.quick() : ApiPlan.full();
        if (duration != null) {
            plan = plan.withMix(duration);
        }
        long start = System.nanoTime();
        String machine = MachineContext.line(clock.instant());

        ApiFigures sqlite;
        ApiFigures etcd;
        try (TemporaryDirectory certs = TemporaryDirectory.create("j8s-bench-api-tls-")) {
            AdminTls tls = AdminTls.create(certs.path());
            try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-api-")) {
                sqlite = measure("sqlite", "", dir.path(), tls, plan, err);
            }

            err.println("bench api: starting etcd");
            err.flush();
            try (EtcdServer server = EtcdServer.start()) {
                etcd = measure("etcd", server.endpoint(), null, tls, plan, err);
            } catch (RuntimeException e) {
                err.println("j8s bench api: etcd: " + StoreBench.oneLine(e));
                etcd = null;
            }
        }

        out.println(machine);
        out.println();
        table(sqlite, etcd, plan).print(out);
        out.println();
        out.println(summary(sqlite));
        out.flush();
        err.println(String.format(Locale.ROOT, "bench api: done in %.1fs",
                (System.nanoTime() - start) / 1e9));
        int failed = sqlite.failures().size() + (etcd == null ? 1 : etcd.failures().size());
        if (failed > 0) {
            err.println("j8s bench api: " + failed + " measurement(s) failed; see the notes under"
                    + " the table");
        }
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private ApiFigures measure(String backend, String endpoint, Path dataDir, AdminTls tls,
            ApiPlan plan, PrintWriter err) {
        err.println("bench api: " + backend + ": opening the store and the API server");
        err.flush();
        try (Store store = Store.builder().endpoint(endpoint).dataDir(dataDir).open();
                ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                        .httpOptions(tls.serverOptions()).authenticator(tls.authenticator())
                        .start()) {
            err.println("bench api: " + backend + ": " + store.describe() + ", load "
                    + loadAverage());
            return new ApiWorkload(server.port(), tls, backend, plan, line -> {
                err.println("bench api: " + line);
                err.flush();
            }).measure();
        }
    }

    static ResultsTable table(ApiFigures sqlite, ApiFigures etcd, ApiPlan plan) {
        ResultsTable t = new ResultsTable().left("measurement").right("sqlite").right("etcd")
                .right("target").right("met (sqlite/etcd)");
        String mix = String.format(Locale.ROOT, "mix %.0f req/s, ", ApiWorkload.RATE);
        for (String verb : new String[] {"create", "update", "get"}) {
            for (int p : new int[] {50, 90, 99}) {
                t.row(mix + verb + " p" + p + " ms", ms(pick(sqlite, verb).millis(p)),
                        ms(etcd == null ? Double.NaN : pick(etcd, verb).millis(p)), "", "");
            }
        }
        target(t, mix + "mutating (create+update) p99 ms", sqlite.mutating(),
                etcd == null ? null : etcd.mutating(), MUTATING_TARGET_MS);
        target(t, mix + "read (get) p99 ms", sqlite.get(), etcd == null ? null : etcd.get(),
                READ_TARGET_MS);
        t.row("mix, requests/s achieved", ResultsTable.decimal(sqlite.mixRate(), 0),
                etcd == null ? "n/a" : ResultsTable.decimal(etcd.mixRate(), 0), "", "");
        t.row("mix, JVM CPU ms per request (server and clients)",
                ResultsTable.decimal(sqlite.cpuMillisPerRequest(), 2),
                etcd == null ? "n/a" : ResultsTable.decimal(etcd.cpuMillisPerRequest(), 2), "", "");
        double sqliteMax = sqlite.capacity().maxRate();
        double etcdMax = etcd == null ? Double.NaN : etcd.capacity().maxRate();
        t.row(String.format(Locale.ROOT, "capacity: highest mix req/s with mutating p99 <= %.0f"
                        + " ms", Capacity.MUTATING_P99_MS),
                capacity(sqlite.capacity()), etcd == null ? "n/a" : capacity(etcd.capacity()),
                ">= " + ResultsTable.count(CAPACITY_TARGET),
                atLeast(sqliteMax, CAPACITY_TARGET) + "/" + atLeast(etcdMax, CAPACITY_TARGET));
        String list = String.format(Locale.ROOT, "list %,d pods (resourceVersion=0)",
                ApiWorkload.LIST_PODS);
        t.row(list + " p50 ms", ms(sqlite.list().millis(50)),
                ms(etcd == null ? Double.NaN : etcd.list().millis(50)), "", "");
        target(t, list + " p99 ms", sqlite.list(), etcd == null ? null : etcd.list(),
                LIST_TARGET_MS);
        String watch = String.format(Locale.ROOT, "%,d watchers, change to event",
                ApiWorkload.WATCHERS);
        t.row(watch + " p50 ms", ms(sqlite.watch().millis(50)),
                ms(etcd == null ? Double.NaN : etcd.watch().millis(50)), "", "");
        target(t, watch + " p99 ms", sqlite.watch(), etcd == null ? null : etcd.watch(),
                WATCH_TARGET_MS);

        t.note(String.format(Locale.ROOT, "Mix: open loop, %d clients (platform threads, JDK"
                        + " HttpClient, HTTP/1.1), a request due every %.0f ms whatever the server"
                        + " does; latency counts from when a request was due, so queueing shows."
                        + " %d%% create ConfigMap, %d%% PUT of one the client made (with its"
                        + " resourceVersion; a retry after 409 is a request of its own), the rest"
                        + " GET; measured %.1fs after %.1fs of warm-up. Conflicts: sqlite %d,"
                        + " etcd %s. CPU per request: all of this JVM's threads (the server,"
                        + " the clients, and for sqlite the store) over the mix's requests; etcd's"
                        + " own CPU is not in it.",
                ApiWorkload.CLIENTS, 1000 / ApiWorkload.RATE, ApiWorkload.CREATE_PERCENT,
                ApiWorkload.UPDATE_PERCENT, plan.mix().toMillis() / 1000.0,
                plan.warmUp().toMillis() / 1000.0, sqlite.conflicts(),
                etcd == null ? "n/a" : String.valueOf(etcd.conflicts())));
        t.note(String.format(Locale.ROOT, "Capacity: the same mix, open loop from %d clients, at"
                        + " rising rates of %.1fs each until the p99 of creates and updates"
                        + " (from when each was due) passes %.0f ms or requests fail; a number"
                        + " ending in + held at the top rate tried. Mutating p99 per rate,"
                        + " sqlite: %s; etcd: %s.",
                Capacity.CLIENTS, plan.capacityStep().toMillis() / 1000.0,
                Capacity.MUTATING_P99_MS, sqlite.capacity().describe(),
                etcd == null ? "n/a" : etcd.capacity().describe()));
        t.note(String.format(Locale.ROOT, "List: %d rounds of GET pods?resourceVersion=0 in one"
                        + " namespace of %,d ~1 KiB pods made through the API; timed until the"
                        + " whole body arrived, not decoded.", plan.listRounds(),
                ApiWorkload.LIST_PODS));
        t.note(String.format(Locale.ROOT, "Watch: %,d HTTP/1.1 watch streams on one namespace"
                        + " (Vert.x client, 2 event loops of its own, each line split and searched"
                        + " for the change's annotation, not fully decoded); %d PATCHes of one pod"
                        + " %d ms apart; from just before the PATCH to the line at each watcher;"
                        + " %,d samples (sqlite), %s (etcd); %d unmeasured changes first warm"
                        + " the JIT up.",
                ApiWorkload.WATCHERS, plan.watchChanges(), ApiWorkload.WATCH_SPACING_MS,
                sqlite.watch().count(),
                etcd == null ? "n/a" : String.format(Locale.ROOT, "%,d", etcd.watch().count()),
                Math.max(1, plan.watchChanges() / 2)));
        t.note("One JVM: the API server (HTTPS on loopback, x509 client certificates checked"
                + " against its own CA, as j8s server does) and its clients (the admin's client"
                + " certificate, TLS connections kept alive) share the machine's cores; sqlite"
                + " first, then etcd, each with its own server.");
        if (sqlite.watchMissed() > 0 || etcd != null && etcd.watchMissed() > 0) {
            t.note("Watch events never delivered: sqlite " + sqlite.watchMissed() + ", etcd "
                    + (etcd == null ? "n/a" : etcd.watchMissed()) + ".");
        }
        sqlite.failures().forEach(f -> t.note("n/a: sqlite, " + f));
        if (etcd == null) {
            t.note("n/a: etcd did not start.");
        } else {
            etcd.failures().forEach(f -> t.note("n/a: etcd, " + f));
        }
        return t;
    }

    private static Percentiles pick(ApiFigures f, String verb) {
        return switch (verb) {
            case "create" -> f.create();
            case "update" -> f.update();
            default -> f.get();
        };
    }

    private static void target(ResultsTable t, String label, Percentiles sqlite, Percentiles etcd,
            double targetMs) {
        double e = etcd == null ? Double.NaN : etcd.millis(99);
        t.row(label, ms(sqlite.millis(99)), ms(e), "< " + ResultsTable.decimal(targetMs, 0),
                met(sqlite.millis(99), targetMs) + "/" + met(e, targetMs));
    }

    private static String capacity(Capacity c) {
        double max = c.maxRate();
        return Double.isNaN(max) ? "n/a" : ResultsTable.count(max) + (c.open() ? "+" : "");
    }

    private static String atLeast(double value, double target) {
        return Double.isNaN(value) ? "n/a" : value >= target ? "yes" : "NO";
    }

    private static String met(double value, double target) {
        return Double.isNaN(value) ? "n/a" : value < target ? "yes" : "NO";
    }

    private static String ms(double value) {
        return ResultsTable.decimal(value, 2);
    }

    /** The last line, for scripts, with the SQLite figures. */
    static String summary(ApiFigures sqlite) {
        return "api mutating-p99-ms=" + ms(sqlite.mutating().millis(99))
                + " read-p99-ms=" + ms(sqlite.get().millis(99))
                + " list10k-p99-ms=" + ms(sqlite.list().millis(99))
                + " watch1000-p99-ms=" + ms(sqlite.watch().millis(99))
                + " max-qps-p99-50ms=" + ResultsTable.decimal(sqlite.capacity().maxRate(), 0);
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory
                .getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
