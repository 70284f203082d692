package io.j8s.testcluster;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the scheduler and the kubelet through the API for controller tests and benchmarks: binds every pending
 * pod to one of the given nodes (pods/binding), marks bound pods Running and Ready (pods/status),
 * and removes pods being deleted (a kubelet's final delete). {@link #ready(boolean)} false holds
 * new pods Running but not Ready, to stall a rollout.
 *
 * <pre>{@code try (PodPlayer kubelet = PodPlayer.start(cluster.admin(), "n1", "n2")) { ... }}</pre>
 */
public final class PodPlayer implements AutoCloseable {
    private final KubernetesClient client;
    private final List<String> nodes;
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService work = Executors.newFixedThreadPool(16);
    private volatile boolean ready = true;
    private SharedIndexInformer<Pod> informer;

    private PodPlayer(KubernetesClient client, List<String> nodes) {
        this.client = client;
        this.nodes = nodes;
    }

    public static PodPlayer start(KubernetesClient client, String... nodes) {
        PodPlayer k = new PodPlayer(client, List.of(nodes));
        k.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                k.submit(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                k.submit(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {}
        }, 0);
        return k;
    }

    /** How many pods of {@code namespace} the player has seen (from its informer, no list). */
    public int pods(String namespace) {
        return informer.getIndexer().byIndex("namespace", namespace).size();
    }

    /** Whether pods are made Ready from now on (Running either way). */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    private void submit(Pod pod) {
        try {
            work.execute(() -> play(pod));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void play(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
            } else if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
                String node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
                client.bindings().inNamespace(ns).resource(new BindingBuilder().withNewMetadata()
                        .withName(name).endMetadata().withNewTarget().withKind("Node")
                        .withName(node).endTarget().build()).create();
            } else if (!"Running".equals(phase(pod)) || ready && !isReady(pod)) {
                client.pods().inNamespace(ns).resource(running(pod, ready)).updateStatus();
            }
        } catch (KubernetesClientException e) {
            // gone or changed meanwhile: the next event brings it back
        }
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c ->
                        "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The pod as a kubelet reports it once its containers run. */
    public static Pod running(Pod pod, boolean ready) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String r = ready ? "True" : "False";
        List<PodCondition> conditions = new ArrayList<>();
        for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
            String status = type.equals("ContainersReady") || type.equals("Ready") ? r : "True";
            conditions.add(new PodConditionBuilder().withType(type).withStatus(status)
                    .withLastTransitionTime(now).build());
        }
        return new PodBuilder(pod).editOrNewStatus().withPhase("Running").withStartTime(now)
                .withPodIP("10.42.0." + (1 + Math.floorMod(pod.getMetadata().getName().hashCode(),
                        250))).withConditions(conditions).endStatus().build();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.stop();
        }
        work.shutdownNow();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
