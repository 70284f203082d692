package io.j8s.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.proxy.ProxyMode;
import io.j8s.proxy.ServiceProxy;
import io.j8s.store.Store;
import io.j8s.testkit.TemporaryDirectory;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of {@code j8s bench network}: a real API server in this JVM holds N Services with their
 * EndpointSlices; for each mode a real {@link ServiceProxy} lists them and writes them into the
 * kernel (the full sync), then single EndpointSlice updates are timed until their rules are in
 * the kernel, and HTTP connections from a client pod go to a server pod (network namespaces,
 * busybox httpd) by its IP and by its ClusterIP. Everything is removed afterwards, also the empty
 * tables iptables-nft made when they were not there before.
 */
final class NetworkRun {
    static final String NAMESPACE = "bench-net";
    static final String SERVICE_CIDR = "10.96.0.0/16";
    static final String CLUSTER_CIDR = "10.42.0.0/16";

    /**
     * What one mode measured; times in milliseconds. {@code syncCpu}: CPU time of the full
     * sync, the proxy thread's and its commands' (nft, iptables-restore), which machine load
     * does not stretch as it stretches the wall time.
     */
    record ModeFigures(ProxyMode mode, double build, double apply, double syncCpu,
            List<Double> fromEvent, List<Double> fromWrite, HttpPod.Latency http, String failure) {}

    private final int services;
    private final int perService;
    private final int changes;
    private final int requests;
    private final Consumer<String> log;

    NetworkRun(int services, int perService, int changes, int requests, Consumer<String> log) {
        this.services = services;
        this.perService = perService;
        this.changes = changes;
        this.requests = requests;
        this.log = log;
    }

    List<ModeFigures> measure(List<ProxyMode> modes) throws Exception {
        Set<String> tablesBefore = nftTables();
        try {
            return measureAll(modes);
        } finally {
            removeNewEmptyTables(tablesBefore);
        }
    }

    /** The nftables tables of this network namespace ("family name"); empty without nft. */
    private static Set<String> nftTables() throws Exception {
        Process p = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Set<String> tables = new TreeSet<>();
        if (p.waitFor() == 0) {
            out.lines().filter(l -> l.startsWith("table ")).forEach(l -> tables.add(l.substring(6)));
        }
        return tables;
    }

    /**
     * Deletes the tables iptables-nft made for the iptables mode ({@code ip nat}, {@code ip
     * filter}) when they were not there before the run and hold no rule now: only their empty
     * built-in chains.
     */
    private void removeNewEmptyTables(Set<String> before) throws Exception {
        for (String table : nftTables()) {
            if (before.contains(table) || !Set.of("ip nat", "ip filter").contains(table)) {
                continue;
            }
            String[] listing = {"nft", "list", "table", "ip", table.substring(3)};
            Process p = new ProcessBuilder(listing).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean empty = p.waitFor() == 0 && out.lines().map(String::strip)
                    .allMatch(l -> l.isEmpty() || l.equals("}") || l.startsWith("table ")
                            || l.startsWith("chain ") || l.startsWith("type "));
            if (empty) {
                new ProcessBuilder("nft", "delete", "table", "ip", table.substring(3))
                        .redirectErrorStream(true).start().waitFor();
                log.accept("removed the empty table " + table + " that iptables-nft made");
            }
        }
    }

    private List<ModeFigures> measureAll(List<ProxyMode> modes) throws Exception {
        try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-network-")) {
            Path tokens = dir.path().resolve("tokens.csv");
            Files.writeString(tokens, "admin-token,admin,1,system:masters\n"
                    + "proxy-token,system:kube-proxy,2\n");
            try (Store store = Store.builder().dataDir(dir.path().resolve("data")).open();
                    ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                            .serviceCidr(SERVICE_CIDR)
                            .authenticator(Authenticator.tokenFile(tokens)).start();
                    KubernetesClient admin = BulkCreate.client(server.port(), "admin-token");
                    HttpPod pod = HttpPod.start()) {
                populate(admin, pod);
                List<ModeFigures> figures = new ArrayList<>();
                for (ProxyMode mode : modes) {
                    try (KubernetesClient client = BulkCreate.client(server.port(), "proxy-token")) {
                        figures.add(measure(mode, admin, client, pod));
                    } finally {
                        ServiceProxy.cleanup();
                    }
                }
                return figures;
            }
        } finally {
            ServiceProxy.cleanup();
        }
    }

    private void populate(KubernetesClient admin, HttpPod pod) {
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        long start = System.nanoTime();
        BulkCreate.createAll(admin, services, i -> service("svc-" + i));
        BulkCreate.createAll(admin, services, i -> slice("svc-" + i, endpoints(i, 0)));
        admin.resource(service("web")).create();
        admin.resource(slice("web", List.of(pod.ip()))).create();
        log.accept(String.format("%,d Services and EndpointSlices with %,d endpoints created in %d s",
                services, services * perService, (System.nanoTime() - start) / 1_000_000_000L));
    }

    private List<String> endpoints(int service, int generation) {
        List<String> ips = new ArrayList<>();
        for (int k = 0; k < perService; k++) {
            int n = service * perService + k;
            ips.add("10.42." + (n / 250 % 250) + "." + (n % 250 + 1));
        }
        if (generation > 0) {
            ips.set(0, "10.42.251." + (generation % 250 + 1));
        }
        return ips;
    }

    private static Service service(String name) {
        return new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80)
                .withProtocol("TCP").endPort().endSpec().build();
    }

    private static EndpointSlice slice(String service, List<String> ips) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata()
                .withNamespace(NAMESPACE).withName(service + "-a")
                .addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withProtocol("TCP")
                .withPort(8080).endPort();
        ips.forEach(ip -> b.addNewEndpoint().withAddresses(ip).withNodeName("bench-node")
                .withNewConditions().withReady(true).endConditions().endEndpoint());
        return b.build();
    }

    /** A sync, when it was reported, and the CPU used so far by the proxy thread and by reaped children. */
    private record Synced(ServiceProxy.Sync sync, long at, double threadCpuMs, double childCpuMs) {}

    /** CPU milliseconds of this JVM's reaped children (cutime + cstime of /proc/self/stat). */
    private static double childCpuMs() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state is f[0], so field n (1-based in proc(5)) is f[n - 3]
            return (Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3])) * 10.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private ModeFigures measure(ProxyMode mode, KubernetesClient admin, KubernetesClient client,
            HttpPod pod) throws Exception {
        ServiceProxy.cleanup();
        LinkedBlockingQueue<Synced> syncs = new LinkedBlockingQueue<>();
        double childrenBefore = childCpuMs();
        log.accept(mode + ": full sync of " + services + " Services");
        try (ServiceProxy proxy = ServiceProxy.builder().client(client).nodeName("bench-node")
                .nodeIps(List.of()).mode(mode).clusterCidr(CLUSTER_CIDR).serviceCidr(SERVICE_CIDR)
                .resyncPeriod(Duration.ofHours(1))
                .onSync(s -> syncs.add(new Synced(s, System.nanoTime(),
                        ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e6,
                        childCpuMs()))).start()) {
            Synced first = syncs.poll(4, TimeUnit.MINUTES);
            if (first == null || !first.sync().full()) {
                return new ModeFigures(mode, Double.NaN, Double.NaN, Double.NaN, List.of(),
                        List.of(), null, "no full sync within 4 minutes");
            }
            double build = ms(first.sync().build());
            double apply = ms(first.sync().apply());
            double cpu = first.threadCpuMs() + first.childCpuMs() - childrenBefore;
            log.accept(mode + ": full sync built in " + Math.round(build) + " ms, applied in "
                    + Math.round(apply) + " ms, " + Math.round(cpu) + " ms of CPU");
            String web = admin.services().inNamespace(NAMESPACE).withName("web").get().getSpec()
                    .getClusterIP();
            HttpPod.Latency http = pod.compare(web, requests);
            List<Double> fromEvent = new ArrayList<>();
            List<Double> fromWrite = new ArrayList<>();
            for (int j = 1; j <= changes; j++) {
                int target = j * 7919 % services;
                syncs.clear();
                long t0 = System.nanoTime();
                admin.resource(slice("svc-" + target, endpoints(target, j))).update();
                Synced done = null;
                while (done == null) {
                    Synced s = syncs.poll(30, TimeUnit.SECONDS);
                    if (s == null) {
                        return new ModeFigures(mode, build, apply, cpu, fromEvent, fromWrite, http,
                                "an endpoint change was not applied within 30 s");
                    }
                    done = s.sync().full() ? null : s;
                }
                fromEvent.add(ms(done.sync().sinceEvent()));
                fromWrite.add((done.at() - t0) / 1e6);
            }
            return new ModeFigures(mode, build, apply, cpu, fromEvent, fromWrite, http, null);
        }
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
