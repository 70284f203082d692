package io.j8s.bench;

import io.j8s.proxy.ProxyMode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench network}: the service proxy against a real API server in this JVM, writing
 * into this machine's kernel (root): the full sync of N Services for nftables and iptables, one
 * endpoint change from its EndpointSlice event to its rules in the kernel, and the cost of a
 * ClusterIP on an HTTP request. Prints a table and the summary line
 * {@code network nft-sync10k-ms=... iptables-sync10k-ms=... endpoint-change-ms=... dns-qps=...}.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = {"Measure the service proxy: full sync of 10,000 Services with 50,000"
                + " endpoints in nftables and iptables mode, one endpoint change applied after its"
                + " EndpointSlice event, and HTTP latency by ClusterIP against by pod IP.",
                "Needs root; every rule, namespace and link it makes is removed afterwards."})
public final class NetworkBench implements Callable<Integer> {
    @Option(names = "--services", paramLabel = "N", description = "Services (default: 10,000).")
    int services = 10_000;

    @Option(names = "--endpoints-per-service", paramLabel = "N", description = "Default: 5.")
    int perService = 5;

    @Option(names = "--changes", paramLabel = "N", description = "Endpoint changes timed per mode"
            + " (default: 30).")
    int changes = 30;

    @Option(names = "--requests", paramLabel = "N", description = "HTTP requests per target"
            + " (default: 500).")
    int requests = 500;

    @Option(names = "--mode", paramLabel = "MODE", split = ",",
            description = "Modes to measure (default: nftables,iptables).")
    List<ProxyMode> modes = List.of(ProxyMode.nftables, ProxyMode.iptables);

    @Option(names = "--quick", description = "1,000 Services, 10 changes, 100 requests: about a"
            + " minute.")
    boolean quick;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("bench network writes nftables and iptables rules:"
                    + " run it as root");
        }
        if (quick) {
            services = Math.min(services, 1_000);
            changes = Math.min(changes, 10);
            requests = Math.min(requests, 100);
        }
        String machine = MachineContext.line(Clock.systemUTC().instant());
        List<NetworkRun.ModeFigures> figures = new NetworkRun(services, perService, changes,
                requests, line -> {
                    err.println("bench network: " + line);
                    err.flush();
                }).measure(modes);
        // The cluster DNS half of the summary: 8 closed-loop clients for 5 s (the whole table
        // is ./j8s bench dns).
        DnsLoad.Figures dns = DnsBench.run(1_000, List.of(8), Duration.ofSeconds(5), line -> {
            err.println("bench network: dns: " + line);
            err.flush();
        }).getFirst();
        out.println(machine);
        out.println();
        ResultsTable t = table(figures);
        t.note(String.format(Locale.ROOT, "dns: %.0f queries/s, p99 %.3f ms (8 clients on"
                + " loopback, 1,000 Services; target >= 20,000/s)", dns.qps(), dns.p99Millis()));
        t.print(out);
        out.println();
        out.println(summary(figures, dns));
        out.flush();
        return figures.stream().allMatch(f -> f.failure() == null) ? 0 : 1;
    }

    private ResultsTable table(List<NetworkRun.ModeFigures> figures) {
        ResultsTable t = new ResultsTable().left("mode").right("services").right("endpoints")
                .right("build ms").right("apply ms").right("full sync ms").right("sync CPU ms")
                .right("change p50 ms")
                .right("change p99 ms").right("from write p50 ms").right("pod IP p50 ms")
                .right("ClusterIP p50 ms").right("ratio").left("target").left("met");
        for (NetworkRun.ModeFigures f : figures) {
            HttpPod.Latency h = f.http();
            double full = f.build() + f.apply();
            double change = HttpPod.percentile(f.fromEvent(), 50);
            boolean nft = f.mode() == ProxyMode.nftables;
            t.row(f.mode().name(), ResultsTable.count(services),
                    ResultsTable.count((double) services * perService),
                    ResultsTable.count(f.build()), ResultsTable.count(f.apply()),
                    ResultsTable.count(full), ResultsTable.count(f.syncCpu()),
                    ResultsTable.decimal(change, 1),
                    ResultsTable.decimal(HttpPod.percentile(f.fromEvent(), 99), 1),
                    ResultsTable.decimal(HttpPod.percentile(f.fromWrite(), 50), 1),
                    h == null ? "n/a" : ResultsTable.decimal(h.podP50(), 2),
                    h == null ? "n/a" : ResultsTable.decimal(h.serviceP50(), 2),
                    h == null ? "n/a" : ResultsTable.ratio(h.serviceP50(), h.podP50()),
                    nft ? "sync < 1,000 ms, change < 50 ms" : "change < 50 ms",
                    f.failure() != null ? "n/a" : (!nft || full < 1000) && change < 50 ? "yes" : "no");
        }
        t.note("full sync: from listing done to the rules in the kernel (build: the rule text,"
                + " apply: nft -f / iptables-restore); sync CPU: the CPU time of the proxy's thread"
                + " up to the end of the full sync (its listing wait is idle) and of the nft /"
                + " iptables commands it ran, which a loaded machine does not stretch. change: one EndpointSlice update, from the"
                + " proxy's informer event (from write: from the update call) to its rules applied.");
        t.note("HTTP: new connection + GET from a client pod to a server pod (busybox httpd), by"
                + " the server's pod IP and by its ClusterIP, alternating, with all the Services'"
                + " rules loaded; the pods are network namespaces with routed veths in the pod"
                + " range (no kubelet in this bench), so both paths cross the node's stack.");
        for (NetworkRun.ModeFigures f : figures) {
            if (f.failure() != null) {
                t.note(f.mode() + ": " + f.failure());
            }
            if (f.http() != null && f.http().failures() > 0) {
                t.note(f.mode() + ": " + f.http().failures() + " HTTP requests failed");
            }
        }
        return t;
    }

    /** The summary line, with the cluster DNS's queries/s. */
    static String summary(List<NetworkRun.ModeFigures> figures, DnsLoad.Figures dns) {
        String nft = "n/a";
        String ipt = "n/a";
        String change = "n/a";
        for (NetworkRun.ModeFigures f : figures) {
            String full = Double.isFinite(f.build() + f.apply())
                    ? String.format(Locale.ROOT, "%.0f", f.build() + f.apply()) : "n/a";
            if (f.mode() == ProxyMode.nftables) {
                nft = full;
                double c = HttpPod.percentile(f.fromEvent(), 50);
                change = Double.isFinite(c) ? String.format(Locale.ROOT, "%.0f", c) : "n/a";
            } else {
                ipt = full;
            }
        }
        return "network nft-sync10k-ms=" + nft + " iptables-sync10k-ms=" + ipt
                + " endpoint-change-ms=" + change + " dns-qps="
                + String.format(Locale.ROOT, "%.0f", dns.qps());
    }
}
