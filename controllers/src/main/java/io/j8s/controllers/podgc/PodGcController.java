package io.j8s.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Upstream's pod GC, every 20 s: force-deletes the oldest terminated pods beyond
 * {@code --terminated-pod-gc-threshold} (12500), pods bound to a node that has been gone for
 * 40 s (checked against the server, after marking them Failed with a DisruptionTarget
 * condition), and pods being deleted that were never scheduled.
 */
public final class PodGcController implements Controller {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.podgc");
    public static final int DEFAULT_THRESHOLD = 12500;
    static final Duration CHECK_PERIOD = Duration.ofSeconds(20);
    static final Duration QUARANTINE = Duration.ofSeconds(40);
    static final String KEY = "gc";

    private final KubernetesClient client;
    private final Clock clock;
    private final int threshold;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Node> nodes;
    private final Map<String, Instant> missingSince = new HashMap<>();
    final WorkQueue queue;
    private ScheduledExecutorService ticker;

    public PodGcController(ControllerContext ctx) {
        this(ctx, DEFAULT_THRESHOLD);
    }

    /** {@code threshold}: {@code --terminated-pod-gc-threshold}; 0 or less turns that part off. */
    public PodGcController(ControllerContext ctx, int threshold) {
        this.client = ctx.client();
        this.clock = ctx.clock();
        this.threshold = threshold;
        this.queue = new WorkQueue("pod-garbage-collector", k -> sync());
        this.pods = ctx.informers().informer(Pod.class);
        this.nodes = ctx.informers().informer(Node.class);
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                // a node coming is nothing to collect
            }

            @Override
            public void onUpdate(Node old, Node node) {
                // nor a node changing
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                queue.add(KEY);
                queue.addAfter(KEY, QUARANTINE.plusSeconds(1));
            }
        });
    }

    @Override
    public void start() {
        queue.start();
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("pod-garbage-collector-ticker").factory());
        ticker.scheduleWithFixedDelay(() -> queue.add(KEY), 0, CHECK_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        queue.close();
    }

    synchronized void sync() {
        List<Pod> all = pods.getStore().list();
        gcTerminated(all);
        gcOrphaned(all);
        gcUnscheduledTerminating(all);
    }

    private void gcTerminated(List<Pod> all) {
        if (threshold <= 0) {
            return;
        }
        List<Pod> terminated = new ArrayList<>();
        for (Pod p : all) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (("Succeeded".equals(phase) || "Failed".equals(phase))
                    && p.getMetadata().getDeletionTimestamp() == null) {
                terminated.add(p);
            }
        }
        int excess = terminated.size() - threshold;
        if (excess <= 0) {
            return;
        }
        terminated.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
                .thenComparing(p -> p.getMetadata().getName()));
        LOG.info("pod GC: " + terminated.size() + " terminated pods, over the threshold of "
                + threshold + "; deleting " + excess);
        for (Pod p : terminated.subList(0, excess)) {
            forceDelete(p);
        }
    }

    private void gcOrphaned(List<Pod> all) {
        Set<String> known = nodes.getStore().list().stream().map(n -> n.getMetadata().getName())
                .collect(Collectors.toSet());
        Map<String, List<Pod>> byMissingNode = new HashMap<>();
        for (Pod p : all) {
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            if (node != null && !node.isEmpty() && !known.contains(node)) {
                byMissingNode.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
            }
        }
        Instant now = clock.instant();
        missingSince.keySet().retainAll(byMissingNode.keySet());
        for (Map.Entry<String, List<Pod>> e : byMissingNode.entrySet()) {
            Instant since = missingSince.computeIfAbsent(e.getKey(), n -> now);
            Duration left = QUARANTINE.minus(Duration.between(since, now));
            if (left.isPositive()) {
                queue.addAfter(KEY, left.plusMillis(100));
                continue;
            }
            if (client.nodes().withName(e.getKey()).get() != null) {
                missingSince.remove(e.getKey());
                continue;
            }
            for (Pod p : e.getValue()) {
                LOG.info("pod GC: deleting pod " + p.getMetadata().getNamespace() + "/"
                        + p.getMetadata().getName() + ", its node " + e.getKey() + " is gone");
                markFailed(p, "PodGC: node no longer exists");
                forceDelete(p);
            }
        }
    }

    private void gcUnscheduledTerminating(List<Pod> all) {
        for (Pod p : all) {
            boolean unscheduled = p.getSpec() == null || p.getSpec().getNodeName() == null
                    || p.getSpec().getNodeName().isEmpty();
            Long grace = p.getMetadata().getDeletionGracePeriodSeconds();
            if (unscheduled && p.getMetadata().getDeletionTimestamp() != null
                    && (grace == null || grace > 0)) {
                forceDelete(p);
            }
        }
    }

    private void markFailed(Pod p, String message) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return;
        }
        String patch = "{\"status\":{\"phase\":\"Failed\",\"conditions\":[{\"type\":"
                + "\"DisruptionTarget\",\"status\":\"True\",\"reason\":\"DeletionByPodGC\","
                + "\"message\":\"" + message + "\",\"lastTransitionTime\":\""
                + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "\"}]}}";
        try {
            client.pods().inNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warning("pod GC: marking pod " + p.getMetadata().getName() + " failed: "
                        + e.getMessage());
            }
        }
    }

    private void forceDelete(Pod p) {
        try {
            client.pods().inNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName()).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
