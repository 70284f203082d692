package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.leaderelection.LeaderElection;
import io.j8s.scheduler.cache.Cache;
import io.j8s.scheduler.cache.NodeSnapshot;
import io.j8s.scheduler.config.ConfigFile;
import io.j8s.scheduler.config.Profile;
import io.j8s.scheduler.config.SchedulerConfiguration;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.PluginFactory;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.plugins.InTreePlugins;
import io.j8s.scheduler.queue.NominatedPods;
import io.j8s.scheduler.queue.SchedulingQueue;
import io.j8s.scheduler.runtime.Framework;
import io.j8s.scheduler.runtime.Outcomes;
import io.j8s.scheduler.runtime.SchedulingCycle;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduler (kube-scheduler): binds the pending pods whose {@code spec.schedulerName} names
 * one of its profiles to nodes, through the API with its own client. It fills its cache from its
 * own informers at once and schedules only while it holds the Lease kube-system/kube-scheduler.
 *
 * <pre>{@code
 * try (Scheduler s = Scheduler.builder().client(client).config(null).identity("host_1").start()) {
 *     ...
 * }
 * }</pre>
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    public static final String LEASE_NAMESPACE = "kube-system";
    public static final String LEASE_NAME = "kube-scheduler";

    private final SharedInformers informers;
    private final EventRecorder events;
    private final SchedulingQueue queue;
    private final SchedulingCycle cycle;
    private final Cache cache;
    private final ScheduledExecutorService timers;
    private final ExecutorService filterPool;
    private final ExecutorService bindingPool;
    private final ExecutorService writer;
    private volatile Thread loop;
    private LeaderElection election;
    private volatile boolean closed;

    private Scheduler(Builder b) {
        Map<String, PluginFactory> registry = registry(b.plugins);
        SchedulerConfiguration config = ConfigFile.load(b.config, registry.keySet());
        NominatedPods nominated = new NominatedPods();
        cache = new Cache();
        NodeSnapshot snapshot = new NodeSnapshot();
        int parallelism = config.parallelism();
        Framework.EventSink sink = this::record;
        informers = new SharedInformers(b.client);
        Framework.Shared shared = new Framework.Shared(b.client, new InformerListers(informers),
                b.clock, parallelism, nominated, sink, () -> snapshot);
        Map<String, Framework> frameworks = frameworks(config, registry, shared);
        events = EventRecorder.start(b.client, "default-scheduler", null, b.clock);
        filterPool = Executors.newFixedThreadPool(Math.max(1, parallelism - 1),
                Thread.ofPlatform().daemon().name("scheduler-filter-", 0).factory());
        bindingPool = Executors.newFixedThreadPool(16,
                Thread.ofPlatform().daemon().name("scheduler-binding-", 0).factory());
        writer = Executors.newFixedThreadPool(4,
                Thread.ofPlatform().daemon().name("scheduler-status-", 0).factory());
        timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("scheduler-queue-timer").factory());
        Map<String, List<ClusterEvent>> pluginEvents = new LinkedHashMap<>();
        frameworks.values().forEach(fw -> fw.clusterEvents().forEach((name, list) ->
                pluginEvents.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list)));
        Framework first = frameworks.values().iterator().next();
        queue = new SchedulingQueue(b.clock, first.queueSortPlugin(), config.podInitialBackoff(),
                config.podMaxBackoff(), name -> {
                    Framework fw = frameworks.get(name);
                    return fw == null ? List.of() : fw.preEnqueuePlugins();
                }, name -> pluginEvents.getOrDefault(name, List.of(ClusterEvent.ANY)));
        Outcomes outcomes = new Outcomes(b.client, sink, b.clock, writer);
        cycle = new SchedulingCycle(cache, queue, frameworks, snapshot, nominated, outcomes,
                filterPool, bindingPool, parallelism, config.percentageOfNodesToScore());
        EventHandlers handlers = new EventHandlers(cache, queue, nominated, frameworks);
        informers.informer(Pod.class).addEventHandler(handlers.pods());
        informers.informer(Node.class).addEventHandler(handlers.nodes());
        informers.informer(Namespace.class);
        informers.informer(PodDisruptionBudget.class);
    }

    private void start(Builder b) {
        informers.start(Duration.ofMinutes(2));
        timers.scheduleWithFixedDelay(this::flushBackoff, 1, 1, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(queue::flushUnschedulableLeftover, 30, 30, TimeUnit.SECONDS);
        if (b.leaderElection) {
            election = LeaderElection.start(b.client, LEASE_NAMESPACE, LEASE_NAME, b.identity,
                    this::lead, this::stopLeading);
        } else {
            lead();
        }
    }

    private void record(Pod pod, String type, String reason, String message) {
        if ("Warning".equals(type)) {
            events.warning(pod, reason, message);
        } else {
            events.normal(pod, reason, message);
        }
    }

    private void flushBackoff() {
        try {
            queue.flushBackoffCompleted();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "flushing the back-off queue", e);
        }
    }

    private synchronized void lead() {
        if (closed || loop != null) {
            return;
        }
        loop = Thread.ofPlatform().daemon().name("scheduler").start(this::run);
    }

    private synchronized void stopLeading() {
        Thread t = loop;
        loop = null;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        LOG.info("scheduler: scheduling pods");
        while (!Thread.currentThread().isInterrupted()) {
            QueuedPodInfo q;
            try {
                q = queue.pop();
            } catch (InterruptedException e) {
                return;
            }
            if (q == null) {
                return;
            }
            try {
                cycle.scheduleOne(q);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scheduling cycle failed", e);
                queue.addBackoff(q);
            }
        }
    }

    /** How many pods the cache counts on nodes (bound and assumed). */
    public int cachedPods() {
        return cache.podCount();
    }

    /** Sizes of the queue's parts: active, backoff, unschedulable, gated. */
    public Map<String, Integer> queueSizes() {
        return queue.sizes();
    }

    /**
     * Reads and validates a scheduler configuration file, with the in-tree plugins and their
     * args, as {@code j8s server --scheduler-config} does at start.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static SchedulerConfiguration checkConfig(Path file) {
        Map<String, PluginFactory> registry = registry(Map.of());
        SchedulerConfiguration config = ConfigFile.load(file, registry.keySet());
        frameworks(config, registry, new Framework.Shared(null, null, Clock.systemUTC(),
                config.parallelism(), new NominatedPods(), (p, t, r, m) -> { }, () -> null));
        return config;
    }

    private static Map<String, PluginFactory> registry(Map<String, PluginFactory> extra) {
        Map<String, PluginFactory> r = new LinkedHashMap<>(InTreePlugins.all());
        r.putAll(extra);
        return r;
    }

    private static Map<String, Framework> frameworks(SchedulerConfiguration config,
            Map<String, PluginFactory> registry, Framework.Shared shared) {
        Map<String, Framework> out = new LinkedHashMap<>();
        for (Profile p : config.profiles()) {
            out.put(p.schedulerName(), new Framework(p, registry, shared));
        }
        return Map.copyOf(out);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (election != null) {
            election.close();
        }
        stopLeading();
        queue.close();
        timers.shutdownNow();
        bindingPool.shutdown();
        try {
            bindingPool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        filterPool.shutdownNow();
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        informers.close();
        events.close();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds and starts a {@link Scheduler}. */
    public static final class Builder {
        private KubernetesClient client;
        private Path config;
        private String identity;
        private boolean leaderElection = true;
        private Clock clock = Clock.systemUTC();
        private Map<String, PluginFactory> plugins = Map.of();

        private Builder() {}

        /** The scheduler's own client (identity system:kube-scheduler). */
        public Builder client(KubernetesClient client) {
            this.client = client;
            return this;
        }

        /** A KubeSchedulerConfiguration file, or null for upstream's defaults. */
        public Builder config(Path config) {
            this.config = config;
            return this;
        }

        /** This process's holder identity for the Lease. */
        public Builder identity(String identity) {
            this.identity = identity;
            return this;
        }

        public Builder leaderElection(boolean leaderElection) {
            this.leaderElection = leaderElection;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Plugins beside the in-tree ones (tests), by name; a name here replaces an in-tree one. */
        public Builder plugins(Map<String, PluginFactory> plugins) {
            this.plugins = Map.copyOf(plugins);
            return this;
        }

        /**
         * Validates the configuration, starts the informers and waits for their first list, then
         * competes for the lease (or schedules at once without leader election).
         *
         * @throws IllegalArgumentException naming the field when the configuration is invalid
         */
        public Scheduler start() {
            Objects.requireNonNull(client, "client");
            if (identity == null) {
                identity = "j8s-scheduler_" + java.util.UUID.randomUUID();
            }
            Scheduler s = new Scheduler(this);
            try {
                s.start(this);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        }
    }
}
