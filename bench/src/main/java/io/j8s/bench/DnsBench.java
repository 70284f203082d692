package io.j8s.bench;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.dns.ClusterDns;
import io.j8s.store.Store;
import io.j8s.testkit.TemporaryDirectory;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench dns}: the cluster DNS in this JVM, fed by a real API server over the embedded
 * store with {@code --services} Services, asked for one Service's name over UDP on loopback by
 * {@link DnsLoad}. Forwarding is off: no query leaves the machine. One row per client count and
 * the summary line {@code dns qps=<n> p99-ms=<n>} (the best row).
 */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = {"Measure the cluster DNS: queries/s and latency from a closed-loop UDP load"
                + " client on loopback asking for a Service's name (target: 20,000 queries/s).",
                "Progress goes to stderr, the table to stdout."})
public final class DnsBench implements Callable<Integer> {
    static final double TARGET_QPS = 20_000;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long each client count is measured (default: 10s).")
    Duration duration = Duration.ofSeconds(10);

    @Option(names = "--clients", paramLabel = "N", split = ",",
            description = "Load client threads, one query in flight each (default: 1,4,8).")
    List<Integer> clients = List.of(1, 4, 8);

    @Option(names = "--services", paramLabel = "N", description = "Services in the cluster (default: 1000).")
    int services = 1000;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (services < 1 || clients.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("--services and --clients must be at least 1");
        }
        String machine = MachineContext.line(Clock.systemUTC().instant());
        ResultsTable t = new ResultsTable().left("clients").right("answered").right("lost")
                .right("errors").right("queries/s").right("p50 ms").right("p99 ms")
                .right("max ms").right("target").left("met");
        DnsLoad.Figures best = null;
        List<DnsLoad.Figures> results = run(services, clients, duration, line -> {
            err.println("bench dns: " + line);
            err.flush();
        });
        for (int i = 0; i < results.size(); i++) {
            DnsLoad.Figures f = results.get(i);
            t.row(Integer.toString(clients.get(i)), ResultsTable.count(f.answered()),
                    ResultsTable.count(f.lost()), ResultsTable.count(f.errors()),
                    ResultsTable.count(f.qps()), ResultsTable.decimal(f.p50Millis(), 3),
                    ResultsTable.decimal(f.p99Millis(), 3),
                    ResultsTable.decimal(f.maxMillis(), 3),
                    "≥ " + ResultsTable.count(TARGET_QPS), f.qps() >= TARGET_QPS ? "yes" : "no");
            if (best == null || f.qps() > best.qps()) {
                best = f;
            }
        }
        t.note("closed loop: each client thread has one UDP query in flight; server and load"
                + " client share this machine's CPUs; " + services + " Services in the index.");
        out.println(machine);
        out.println();
        t.print(out);
        out.println();
        out.println(summary(best));
        out.flush();
        return best != null && best.errors() == 0 ? 0 : 1;
    }

    /**
     * The cluster DNS fed by a real API server holding {@code services} Services, asked for one
     * of them by each client count in turn: one result per count.
     */
    static List<DnsLoad.Figures> run(int services, List<Integer> clients, Duration duration,
            java.util.function.Consumer<String> log) throws Exception {
        List<DnsLoad.Figures> results = new java.util.ArrayList<>();
        try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-dns-")) {
            Path tokens = dir.path().resolve("tokens.csv");
            Files.writeString(tokens, "admin-token,admin,1,system:masters\n");
            try (Store store = Store.builder().dataDir(dir.path().resolve("data")).open();
                    ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                            .authenticator(Authenticator.tokenFile(tokens)).start();
                    KubernetesClient admin = BulkCreate.client(server.port(), "admin-token")) {
                log.accept("creating " + services + " Services");
                BulkCreate.createAll(admin, services, i -> new ServiceBuilder().withNewMetadata()
                        .withName("svc-" + i).withNamespace("default").endMetadata().withNewSpec()
                        .withSelector(Map.of("app", "svc-" + i)).addNewPort().withName("http")
                        .withPort(80).endPort().endSpec().build());
                try (ClusterDns dns = ClusterDns.builder().client(admin)
                        .address(InetAddress.getLoopbackAddress()).port(0).upstreams(List.of())
                        .start()) {
                    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            dns.port());
                    for (int n : clients) {
                        log.accept(n + " client(s) for " + duration);
                        results.add(DnsLoad.measure(at, "svc-0.default.svc.cluster.local",
                                duration, n));
                    }
                }
            }
        }
        return results;
    }

    static String summary(DnsLoad.Figures f) {
        return f == null ? "dns qps=n/a p99-ms=n/a" : String.format(Locale.ROOT,
                "dns qps=%.0f p99-ms=%.3f", f.qps(), f.p99Millis());
    }
}
