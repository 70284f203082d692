package io.j8s.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.scheduler.Scheduler;
import io.j8s.store.Store;
import io.j8s.testkit.TemporaryDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One workload of {@code j8s bench scheduler}, all in this JVM: the embedded SQLite store, the
 * API server over plain HTTP with bearer tokens, the nodes and the measured (pending) pods created
 * through the API from a few threads, then the scheduler started with its own identity
 * ({@code system:kube-scheduler}) while a watch notes when each pod gets its {@code spec.nodeName}.
 * The pods are created before the scheduler starts because on a 2-core machine creating them
 * would otherwise be what is measured; the clock runs from the first binding to the last.
 */
final class SchedulerRun {
    private static final int CREATORS = 32;
    private final SchedulerWorkload workload;
    private final int nodes;
    private final int pods;
    private final Duration stall;
    private final Consumer<String> log;
    private final boolean baseline;

    SchedulerRun(SchedulerWorkload workload, int nodes, int pods, Duration stall, boolean baseline,
            Consumer<String> log) {
        this.baseline = baseline;
        this.workload = workload;
        this.nodes = nodes;
        this.pods = pods;
        this.stall = stall;
        this.log = log;
    }

    SchedulerFigures measure() throws IOException {
        try (TemporaryDirectory dir = TemporaryDirectory.create("j8s-bench-scheduler-")) {
            Path tokens = dir.path().resolve("tokens.csv");
            Files.writeString(tokens, "admin-token,admin,1,system:masters\n"
                    + "scheduler-token,system:kube-scheduler,2\n");
            try (Store store = Store.builder().dataDir(dir.path().resolve("data")).open();
                    ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                            .authenticator(Authenticator.tokenFile(tokens)).start();
                    KubernetesClient admin = client(server.port(), "admin-token");
                    KubernetesClient schedulerClient = client(server.port(), "scheduler-token")) {
                return run(admin, schedulerClient);
            }
        }
    }

    private SchedulerFigures run(KubernetesClient admin, KubernetesClient schedulerClient) {
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(SchedulerWorkload.NAMESPACE)
                .endMetadata().build()).create();
        admin.resource(new PriorityClassBuilder().withNewMetadata().withName(SchedulerWorkload.LOW)
                .endMetadata().withValue(1).build()).create();
        admin.resource(new PriorityClassBuilder().withNewMetadata().withName(SchedulerWorkload.HIGH)
                .endMetadata().withValue(1000).build()).create();
        long t0 = System.nanoTime();
        createAll(admin, nodes, SchedulerWorkload::node);
        Node first = admin.nodes().withName(SchedulerWorkload.node(0).getMetadata().getName()).get();
        if (first.getStatus() == null || first.getStatus().getAllocatable() == null
                || first.getStatus().getAllocatable().isEmpty()) {
            createAll(admin, nodes, i -> {
                admin.nodes().resource(SchedulerWorkload.node(i)).updateStatus();
                return null;
            });
        }
        List<Pod> init = workload.initPods(nodes);
        createAll(admin, init.size(), init::get);
        log.accept(String.format("%s: %d nodes and %d bound pods created in %.1fs", workload.label,
                nodes, init.size(), (System.nanoTime() - t0) / 1e9));
        long t1 = System.nanoTime();
        createAll(admin, pods, workload::pod);
        log.accept(String.format("%s: %d pending pods created in %.1fs", workload.label, pods,
                (System.nanoTime() - t1) / 1e9));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Long> binds = java.util.Collections.synchronizedList(new ArrayList<>());
        Watch watch = admin.pods().inNamespace(SchedulerWorkload.NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                if (name.startsWith("pod-") && pod.getSpec().getNodeName() != null && seen.add(name)) {
                    binds.add(System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                if (cause != null) {
                    log.accept(workload.label + ": the pod watch closed: " + cause.getMessage());
                }
            }
        });
        long started = System.nanoTime();
        try (watch; AutoCloseable scheduler = baseline ? bindRoundRobin(schedulerClient)
                : Scheduler.builder().client(schedulerClient).config((Path) null)
                        .identity("bench-scheduler").leaderElection(false)
                        .clock(Clock.systemUTC()).start()) {
            log.accept(String.format("%s: scheduler started in %.1fs", workload.label,
                    (System.nanoTime() - started) / 1e9));
            String failure = awaitBindings(binds);
            List<Long> sinceFirst = new ArrayList<>();
            synchronized (binds) {
                long firstBind = binds.stream().mapToLong(Long::longValue).min().orElse(0);
                binds.forEach(t -> sinceFirst.add(t - firstBind));
            }
            return SchedulerFigures.of(workload, nodes, pods, sinceFirst, failure);
        } catch (Exception e) {
            return SchedulerFigures.failed(workload, nodes, pods, StoreBench.oneLine(e));
        }
    }

    /**
     * The baseline: no scheduler, every pod bound to node {@code i % nodes} through the Binding
     * API from as many threads as a scheduler's binding would use: what the API server and the
     * store allow on this machine.
     */
    private AutoCloseable bindRoundRobin(KubernetesClient client) {
        Thread t = Thread.ofPlatform().name("bench-binder").start(() -> createAll(client, pods,
                i -> {
                    client.bindings().inNamespace(SchedulerWorkload.NAMESPACE).resource(
                            new io.fabric8.kubernetes.api.model.BindingBuilder().withNewMetadata()
                                    .withName("pod-" + i).endMetadata().withNewTarget()
                                    .withKind("Node").withName(SchedulerWorkload.node(i % nodes)
                                            .getMetadata().getName()).endTarget().build()).create();
                    return null;
                }));
        return t::interrupt;
    }

    /** Waits until every pod is bound; null, or why it stopped waiting. */
    private String awaitBindings(List<Long> binds) {
        int last = -1;
        long lastProgress = System.nanoTime();
        while (binds.size() < pods) {
            int now = binds.size();
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                return "stalled: " + now + " of " + pods + " pods bound, none in the last "
                        + stall.toSeconds() + "s";
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    /** Creates objects 0..count-1 from {@link #CREATORS} threads, each taking every n-th. */
    private static void createAll(KubernetesClient client, int count,
            IntFunction<? extends HasMetadata> object) {
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < CREATORS; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < count; i += CREATORS) {
                        HasMetadata o = object.apply(i);
                        if (o == null) {
                            continue;
                        } else if (o instanceof Node n) {
                            client.nodes().resource(n).create();
                        } else {
                            client.resource(o).create();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating objects");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("creating objects: " + StoreBench.oneLine(e.getCause()), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static KubernetesClient client(int port, String token) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
                .withOauthToken(token).withRequestRetryBackoffLimit(0)
                .withMaxConcurrentRequests(64).withMaxConcurrentRequestsPerHost(64).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
