package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.j8s.kubelet.runtime.RuntimeCallException;
import io.j8s.kubelet.volumes.PodVolumes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The pods of this node: an informer on the pods bound to it ({@code spec.nodeName}) feeds one
 * {@link PodWorker} per pod; what a previous kubelet left in the runtime is handed to the worker
 * of its pod (re-adopted, not restarted), and what belongs to no pod of the API is killed and
 * removed. A relist every {@code tickPeriod} (upstream's PLEG) wakes the workers whose containers
 * changed state or whose back-off or probe came due. Answers the kubelet API's questions from
 * what the workers hold.
 */
public final class PodWorkers implements NodePods, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PodWorkers.class.getName());

    private final PodContext ctx;
    private final PodSync sync;
    private final PodTermination termination;
    private final PodStatusWriter writer;
    private final String runtimeName;
    private final Duration tickPeriod;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, String> uidByKey = new ConcurrentHashMap<>();
    /** Pods ended by their worker whose object still lingers (finalizers): not started again. */
    private final java.util.Set<String> ended = ConcurrentHashMap.newKeySet();
    private final Map<String, List<PodSandboxStatus>> adoptableSandboxes = new ConcurrentHashMap<>();
    private final Map<String, List<ContainerStatus>> adoptableContainers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService eventsExecutor;
    private volatile SharedIndexInformer<Pod> informer;
    private volatile boolean closed;

    /**
     * @param agentDir {@code DATA_DIR/agent}: pod directories go under {@code kubelet/pods}, logs
     *     under {@code pods}
     */
    public PodWorkers(KubernetesClient client, ContainerRuntime runtime, PodVolumes volumes,
            Clock clock, String nodeName, String nodeIp, Path agentDir, String clusterDns,
            String clusterDomain, Duration tickPeriod, Supplier<Map<String, Quantity>> allocatable) {
        this.eventsExecutor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("kubelet-events-", 0).factory());
        PodEvents events = new PodEvents(client, nodeName, clock, eventsExecutor);
        this.ctx = new PodContext(client, runtime, volumes, clock, nodeName, nodeIp,
                agentDir.resolve("kubelet/pods"), agentDir.resolve("pods"),
                new PodDns(clusterDns, clusterDomain, Path.of("/etc/resolv.conf")), clusterDomain,
                events, EnvSources.of(client), new ServiceEnv(client, clock),
                new BackOff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock),
                new BackOff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock),
                new BackOff(Duration.ofSeconds(1), Duration.ofMinutes(1), clock),
                allocatable, new java.util.concurrent.atomic.AtomicInteger());
        Handlers handlers = new Handlers(runtime);
        Hooks hooks = new Hooks(handlers, events);
        this.sync = new PodSync(ctx, new Prober(handlers, events), hooks);
        this.writer = new PodStatusWriter(client);
        String name;
        try {
            name = runtime.version().runtimeName();
        } catch (RuntimeCallException e) {
            name = "containerd";
        }
        this.runtimeName = name;
        this.termination = new PodTermination(ctx, sync, hooks, writer, runtimeName);
        this.tickPeriod = tickPeriod;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-relist-" + nodeName);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        collectAdoptable();
        // started without waiting for the API: an agent may come up before its server, and
        // the informer lists again until it can
        SharedIndexInformer<Pod> pods = ctx.client().pods().inAnyNamespace()
                .withField("spec.nodeName", ctx.nodeName()).runnableInformer(0);
        pods.exceptionHandler((started, error) -> !closed);
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                seen(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                ended.remove(pod.getMetadata().getUid());
                PodWorker w = workers.get(pod.getMetadata().getUid());
                if (w != null) {
                    w.gone();
                }
            }
        });
        informer = pods;
        pods.start();
        Relist relist = new Relist(ctx, workers, () -> informer);
        ticker.scheduleWithFixedDelay(relist::run, tickPeriod.toMillis(), tickPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The node's pod CIDR arrived: sandboxes that failed for want of it are made at once, not
     * after their back-off.
     */
    public void podCidrChanged() {
        ctx.podCidrGeneration().incrementAndGet();
        workers.values().forEach(PodWorker::signal);
    }

    private void collectAdoptable() {
        try {
            for (PodSandboxStatus s : ctx.runtime().listPodSandboxes()) {
                String uid = s.labels().get(RuntimeLabels.POD_UID);
                if (uid == null) {
                    continue;
                }
                adoptableSandboxes.computeIfAbsent(uid, k -> new ArrayList<>()).add(s);
            }
            for (ContainerStatus c : ctx.runtime().listContainers()) {
                String uid = c.labels().get(RuntimeLabels.POD_UID);
                if (uid != null) {
                    adoptableContainers.computeIfAbsent(uid, k -> new ArrayList<>()).add(c);
                }
            }
        } catch (RuntimeCallException e) {
            LOG.warning("cannot list what the runtime holds (" + e.getMessage()
                    + "): nothing re-adopted");
        }
    }

    private void seen(Pod pod) {
        if (closed) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        if (ended.contains(uid)) {
            return;
        }
        PodWorker existing = workers.get(uid);
        if (existing != null) {
            existing.update(pod);
            return;
        }
        PodState state = new PodState(uid, pod);
        List<PodSandboxStatus> sandboxes = adoptableSandboxes.remove(uid);
        List<ContainerStatus> containers = adoptableContainers.remove(uid);
        if (sandboxes == null && containers == null && rejected(pod, state)) {
            ended.add(uid);
            return;
        }
        if (sandboxes != null || containers != null) {
            state.adopt(sandboxes == null ? List.of() : sandboxes,
                    containers == null ? List.of() : containers);
            LOG.info("pod " + PodSpecs.key(pod) + ": re-adopted sandbox " + state.sandboxId
                    + " and " + state.containers.size() + " container(s)");
        }
        PodWorker worker = new PodWorker(state, sync, termination, writer, ctx.clock(),
                ctx.nodeIp(), runtimeName, () -> {
                    if (!state.gone) {
                        ended.add(uid);
                    }
                    workers.remove(uid);
                    uidByKey.remove(PodSpecs.key(pod), uid);
                }, this::retryLater);
        workers.put(uid, worker);
        uidByKey.put(PodSpecs.key(pod), uid);
        worker.start();
    }

    /**
     * Admission of a pod the node has not run yet: one whose host ports a running pod holds is
     * refused as upstream's kubelet does, Failed with the predicate's name as its reason.
     */
    private boolean rejected(Pod pod, PodState state) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (PodSpecs.terminalPhase(phase) || pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        List<Pod> running = workers.values().stream()
                .filter(w -> !w.state.gone && w.state.terminalPhase == null)
                .map(w -> w.state.pod).toList();
        var conflict = HostPorts.conflict(pod, running);
        if (conflict.isEmpty()) {
            return false;
        }
        String message = "Pod was rejected: " + conflict.get();
        LOG.info("pod " + PodSpecs.key(pod) + ": " + message);
        ctx.events().warning(pod, null, HostPorts.REASON, message);
        PodStatus status = new PodStatusBuilder().withPhase("Failed").withReason(HostPorts.REASON)
                .withMessage(message).withStartTime(pod.getStatus() == null ? null
                        : pod.getStatus().getStartTime()).build();
        writer.write(state, status);
        return true;
    }

    private void retryLater(PodWorker worker, Duration delay) {
        try {
            ticker.schedule(worker::signal, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    // --- NodePods ---

    @Override
    public List<Pod> pods() {
        return workers.values().stream().map(w -> w.state.pod).toList();
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return state(namespace, name).map(s -> s.pod);
    }

    @Override
    public Optional<String> sandboxId(String namespace, String name) {
        return state(namespace, name).map(s -> s.sandboxId);
    }

    @Override
    public Optional<String> containerId(String namespace, String name, String container,
            boolean previous) {
        return instance(namespace, name, container, previous).map(ContainerStatus::id);
    }

    @Override
    public Optional<Path> logFile(String namespace, String name, String container,
            boolean previous) {
        Optional<PodState> state = state(namespace, name);
        return instance(namespace, name, container, previous).map(c -> {
            if (c.logPath() != null && !c.logPath().isEmpty()) {
                Path p = Path.of(c.logPath());
                if (p.isAbsolute()) {
                    return p;
                }
            }
            return SandboxConfigs.logDirectory(ctx.logsDir(), state.get().pod).resolve(
                    ContainerConfigs.logPath(container, RuntimeLabels.restartCount(c.annotations())));
        });
    }

    private Optional<ContainerStatus> instance(String namespace, String name, String container,
            boolean previous) {
        return state(namespace, name).map(s -> s.containers.get(container))
                .map(i -> previous ? i.previous : i.current);
    }

    private Optional<PodState> state(String namespace, String name) {
        String uid = uidByKey.get(namespace + "/" + name);
        PodWorker w = uid == null ? null : workers.get(uid);
        return Optional.ofNullable(w).map(x -> x.state);
    }

    /** Stops the workers and the informer; the containers keep running, as upstream's. */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        SharedIndexInformer<Pod> i = informer;
        if (i != null) {
            i.close();
        }
        workers.values().forEach(PodWorker::close);
        eventsExecutor.shutdown();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            eventsExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
