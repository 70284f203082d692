package io.j8s.bench;

import io.j8s.store.Store;
import io.j8s.testkit.EtcdServer;
import io.j8s.testkit.TemporaryDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench store}: the embedded SQLite store against a real etcd started on this machine,
 * the same {@link StoreWorkload} on each, in one table with a sqlite/etcd ratio per figure. The
 * write rates of the etcd backend sit beside those of {@link RawEtcd}, measured in the same run.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Compare the embedded SQLite store with a real etcd on this machine:"
                + " writes/s from 1 and " + StoreWorkload.WRITERS + " clients, reads/s, full lists"
                + " of 10,000 keys and watch delivery latency.",
                "Starts etcd on free ports and puts both databases in temporary directories, which"
                + " it deletes afterwards. Progress goes to stderr, the table to stdout."})
public final class StoreBench implements Callable<Integer> {

    @Option(names = "--quick", description = "Measure every figure briefly: the whole run takes"
            + " under a minute.")
    boolean quick;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long each rate and the watch are measured, like 10s or 500ms"
                    + " (default: 10s, or 2s with --quick).")
    Duration duration;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public StoreBench() {
        this(Clock.systemUTC());
    }

    StoreBench(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StorePlan plan = quick ? StorePlan.quick() : StorePlan.full();
        if (duration != null) {
            plan = plan.withMeasure(duration);
        }
        long start = System.nanoTime();

        err.println("bench store: starting etcd");
        err.flush();
        StoreFigures etcd;
        String machine;
        EtcdServer server;
        try {
            server = EtcdServer.start();
        } catch (RuntimeException e) {
            err.println("j8s bench store: cannot start etcd: " + oneLine(e));
            return 1;
        }
        // etcd goes first so that a broken etcd fails the run before minutes are spent on SQLite,
        // and it stops before SQLite is measured so that its background work takes nothing away.
        try (server; RawEtcd raw = new RawEtcd(server.endpoint())) {
            machine = MachineContext.line(clock.instant(),
                    "etcd " + etcdVersion(server.endpoint()));
            etcd = measure("etcd", server.endpoint(), null, raw, plan, err);
        }
        StoreFigures sqlite;
        try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-store-")) {
            sqlite = measure("sqlite", "", dir.path(), null, plan, err);
        }

        out.println(machine);
        out.println();
        table(sqlite, etcd, plan).print(out);
        out.println();
        out.println(summary(sqlite, etcd));
        out.flush();
        err.println(String.format(Locale.ROOT, "bench store: done in %.1fs",
                (System.nanoTime() - start) / 1e9));
        int failed = sqlite.failures().size() + etcd.failures().size();
        if (failed > 0) {
            err.println("j8s bench store: " + failed + " measurement(s) failed; see the notes under"
                    + " the table");
        }
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private StoreFigures measure(String backend, String endpoint, Path dataDir, RawEtcd raw,
            StorePlan plan, PrintWriter err) {
        err.println("bench store: " + backend + ": opening");
        err.flush();
        try (Store store = Store.builder()
                .endpoint(endpoint)
                .dataDir(dataDir)
                .retention(Duration.ZERO)
                .open()) {
            err.println("bench store: " + backend + ": " + store.describe());
            return new StoreWorkload(store, backend, plan, line -> {
                err.println("bench store: " + line);
                err.flush();
            }, raw).measure();
        }
    }

    static ResultsTable table(StoreFigures sqlite, StoreFigures etcd, StorePlan plan) {
        ResultsTable t = new ResultsTable()
                .left("measurement")
                .right("sqlite")
                .right("etcd")
                .right("sqlite/etcd")
                .right("raw etcd")
                .right("etcd/raw");
        rate(t, "writes/s, 1 client (create, 1 KiB value)",
                sqlite.writesOneClient(), etcd.writesOneClient(), etcd.rawWritesOneClient());
        rate(t, "writes/s, " + StoreWorkload.WRITERS + " clients",
                sqlite.writesManyClients(), etcd.writesManyClients(), etcd.rawWritesManyClients());
        rate(t, "reads/s, " + StoreWorkload.READERS + " clients (get a random key)",
                sqlite.reads(), etcd.reads(), Double.NaN);
        String list = String.format(Locale.ROOT, "list of %,d keys", StoreWorkload.LIST_KEYS);
        millis(t, list + ", p50 ms", sqlite.list().millis(50), etcd.list().millis(50));
        millis(t, list + ", p99 ms", sqlite.list().millis(99), etcd.list().millis(99));
        String watch = "watch delivery (1 write every " + StoreWorkload.WATCH_INTERVAL.toMillis()
                + " ms)";
        millis(t, watch + ", p50 ms", sqlite.watch().millis(50), etcd.watch().millis(50));
        millis(t, watch + ", p99 ms", sqlite.watch().millis(99), etcd.watch().millis(99));
        t.note("sqlite/etcd above 1 means sqlite is ahead on the /s rows; below 1 means sqlite is"
                + " ahead on the ms rows.");
        t.note("raw etcd: plain puts of the same values to the same etcd through its v3 HTTP"
                + " gateway (POST /v3/kv/put, one JDK HTTP/1.1 client with keep-alive), taking"
                + " turns with the etcd backend in " + StoreWorkload.RAW_ROUNDS + " rounds (ABBA)"
                + " so that both see the same load; etcd/raw below 1 means the backend is slower.");
        t.note(String.format(Locale.ROOT, "Each /s row: %.1fs closed loop after a %.1fs warm-up;"
                        + " list: %d rounds; watch: %,d events (sqlite), %,d (etcd), from just"
                        + " before the create call to the listener.",
                plan.measure().toMillis() / 1000.0, plan.warmUp().toMillis() / 1000.0,
                plan.listRounds(), sqlite.watch().count(), etcd.watch().count()));
        t.note("One JVM, one machine, one backend at a time: etcd first (stopped afterwards), then"
                + " sqlite; both write with fsync before answering.");
        if (sqlite.watchMissed() > 0 || etcd.watchMissed() > 0) {
            t.note("Watch events never delivered: sqlite " + sqlite.watchMissed() + ", etcd "
                    + etcd.watchMissed() + ".");
        }
        sqlite.failures().forEach(f -> t.note("n/a: sqlite, " + f));
        etcd.failures().forEach(f -> t.note("n/a: etcd, " + f));
        return t;
    }

    /**
     * The last line, for scripts: {@code store sqlite/etcd-writes-1c=2.10
     * sqlite/etcd-writes-64c=... etcd/raw-writes-1c=0.97 watch-p99-ms=...}.
     */
    static String summary(StoreFigures sqlite, StoreFigures etcd) {
        return "store"
                + " sqlite/etcd-writes-1c="
                + ResultsTable.ratio(sqlite.writesOneClient(), etcd.writesOneClient())
                + " sqlite/etcd-writes-64c="
                + ResultsTable.ratio(sqlite.writesManyClients(), etcd.writesManyClients())
                + " etcd/raw-writes-1c="
                + ResultsTable.ratio(etcd.writesOneClient(), etcd.rawWritesOneClient())
                + " watch-p99-ms=" + ResultsTable.decimal(sqlite.watch().millis(99), 2);
    }

    /** A row of rates; {@code raw} not a number leaves the raw etcd cells empty. */
    private static void rate(ResultsTable t, String label, double sqlite, double etcd, double raw) {
        boolean noRaw = Double.isNaN(raw);
        t.row(label, ResultsTable.count(sqlite), ResultsTable.count(etcd),
                ResultsTable.ratio(sqlite, etcd), noRaw ? "" : ResultsTable.count(raw),
                noRaw ? "" : ResultsTable.ratio(etcd, raw));
    }

    private static void millis(ResultsTable t, String label, double sqlite, double etcd) {
        t.row(label, ResultsTable.decimal(sqlite, 2), ResultsTable.decimal(etcd, 2),
                ResultsTable.ratio(sqlite, etcd), "", "");
    }

    /** The server version etcd reports on {@code /version}, or "?" if it does not say. */
    private static String etcdVersion(String endpoint) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/version"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"etcdserver\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(response.body());
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /**
     * An error of {@link EtcdServer#start()} in one line: its first line, without the pointer to a
     * log that is deleted with etcd's directory, and what etcd said last, when it said something.
     */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String[] lines = m.split("\n");
        String first = lines[0];
        int log = first.indexOf("; the end of ");
        if (log >= 0) {
            first = first.substring(0, log);
        }
        String last = lines[lines.length - 1].strip();
        if (lines.length == 1 || last.isEmpty()) {
            return first;
        }
        // etcd logs JSON lines: keep their message and error.
        Matcher msg = Pattern.compile("\"msg\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(last);
        Matcher error = Pattern.compile("\"error\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(last);
        if (msg.find()) {
            last = msg.group(1) + (error.find() ? ": " + error.group(1) : "");
        }
        if (last.length() > 300) {
            last = last.substring(0, 300) + "...";
        }
        return first + " (etcd said: " + last + ")";
    }

}
