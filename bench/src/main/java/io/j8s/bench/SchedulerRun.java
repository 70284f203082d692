package io.j8s.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.function.Consumer;

/**
 * One workload of {@code j8s bench scheduler}, all in this JVM: the embedded SQLite store, the
 * API server over plain HTTP with bearer tokens, the nodes and the measured (pending) pods created
 * through the API from a few threads, then the scheduler started with its own identity
 * ({@code system:kube-scheduler}) while a watch notes when each pod gets its {@code spec.nodeName}.
 * The pods are created before the scheduler starts because on a 2-core machine creating them
 * would otherwise be what is measured; the clock runs from the first binding to the last.
 */
final class SchedulerRun {
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
                    KubernetesClient admin = BulkCreate.client(server.port(), "admin-token");
                    KubernetesClient schedulerClient = BulkCreate.client(server.port(),
                            "scheduler-token")) {
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
        BulkCreate.createAll(admin, nodes, SchedulerWorkload::node);
        Node first = admin.nodes().withName(SchedulerWorkload.node(0).getMetadata().getName()).get();
        if (first.getStatus() == null || first.getStatus().getAllocatable() == null
                || first.getStatus().getAllocatable().isEmpty()) {
            BulkCreate.createAll(admin, nodes, i -> {
                admin.nodes().resource(SchedulerWorkload.node(i)).updateStatus();
                return null;
            });
        }
        List<Pod> init = workload.initPods(nodes);
        BulkCreate.createAll(admin, init.size(), init::get);
        log.accept(String.format("%s: %d nodes and %d bound pods created in %.1fs", workload.label,
                nodes, init.size(), (System.nanoTime() - t0) / 1e9));
        long t1 = System.nanoTime();
        BulkCreate.createAll(admin, pods, workload::pod);
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
     * API from {@link BulkCreate#CREATORS} threads: what the API server and the store allow on
     * this machine.
     */
    private AutoCloseable bindRoundRobin(KubernetesClient client) {
        Thread t = Thread.ofPlatform().name("bench-binder").start(() ->
                BulkCreate.createAll(client, pods, i -> {
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
}
