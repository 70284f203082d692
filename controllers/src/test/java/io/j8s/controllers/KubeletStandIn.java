package io.j8s.controllers;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Plays the scheduler and the kubelets through the API, for controller tests where neither is the
 * subject: an unbound pod is bound with a Binding to the node its node affinity pins it to
 * ({@code matchFields metadata.name}) or else to a node in turn; a bound pod is marked Running
 * and Ready through {@code pods/status} (unless readiness is held, then a test calls
 * {@link #markReady}); a bound pod being deleted is removed at once, as a kubelet would after its
 * containers stopped. Pods in other namespaces than the one given are left alone.
 *
 * <pre>{@code try (KubeletStandIn k = KubeletStandIn.start(admin, "ns")) { ... }}</pre>
 */
public final class KubeletStandIn implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubeletStandIn.class.getName());
    private final KubernetesClient client;
    private final String namespace;
    private final AtomicBoolean autoReady = new AtomicBoolean(true);
    private final AtomicInteger turn = new AtomicInteger();
    private SharedIndexInformer<Pod> informer;

    private KubeletStandIn(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Starts playing scheduler and kubelet for the pods of {@code namespace}. */
    public static KubeletStandIn start(KubernetesClient client, String namespace) {
        KubeletStandIn k = new KubeletStandIn(client, namespace);
        k.informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                k.handle(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                k.handle(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {}
        }, 0);
        return k;
    }

    /** From now on bound pods stay Pending until {@link #markReady} (true) or not (false). */
    public KubeletStandIn holdReadiness(boolean hold) {
        autoReady.set(!hold);
        if (!hold) {
            informer.getStore().list().forEach(this::handle);
        }
        return this;
    }

    /** A Node object named {@code name} with these labels and taints, created through the API. */
    public static Node addNode(KubernetesClient client, String name, Map<String, String> labels,
            Taint... taints) {
        return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().withNewSpec().withTaints(taints).endSpec()
                .build()).create();
    }

    private void handle(Pod pod) {
        try {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                if (pod.getSpec().getNodeName() != null) {
                    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                            .withGracePeriod(0).delete();
                }
                return;
            }
            if (pod.getSpec().getNodeName() == null) {
                bind(pod);
                return;
            }
            if (autoReady.get() && (pod.getStatus() == null
                    || !"Running".equals(pod.getStatus().getPhase()))) {
                markReady(pod.getMetadata().getName());
            }
        } catch (KubernetesClientException e) {
            LOG.fine(() -> "stand-in: " + pod.getMetadata().getName() + ": " + e.getMessage());
        }
    }

    private void bind(Pod pod) {
        String node = pinnedNode(pod);
        if (node == null) {
            List<Node> nodes = client.nodes().list().getItems();
            if (nodes.isEmpty()) {
                return;
            }
            node = nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()))
                    .getMetadata().getName();
        }
        client.bindings().inNamespace(namespace).resource(new BindingBuilder().withNewMetadata()
                .withName(pod.getMetadata().getName()).endMetadata().withNewTarget()
                .withKind("Node").withName(node).endTarget().build()).create();
    }

    private static String pinnedNode(Pod pod) {
        var a = pod.getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null || a.getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        for (NodeSelectorTerm t : a.getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r : t.getMatchFields()) {
                if (r.getKey().equals("metadata.name") && r.getValues().size() == 1) {
                    return r.getValues().getFirst();
                }
            }
        }
        return null;
    }

    /** Marks pod {@code name} Running with every container ready, as a kubelet reports it. */
    public void markReady(String name) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        editStatus(client.pods().inNamespace(namespace).withName(name), p -> {
            List<PodCondition> conditions = new ArrayList<>();
            for (String type : List.of("PodScheduled", "Initialized", "ContainersReady",
                    "Ready")) {
                conditions.add(new PodConditionBuilder().withType(type).withStatus("True")
                        .withLastTransitionTime(now).build());
            }
            if (p.getStatus() == null) {
                p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
            }
            p.getStatus().setPhase("Running");
            p.getStatus().setConditions(conditions);
            p.getStatus().setStartTime(now);
            p.getStatus().setPodIP("10.42.0." + (1 + Math.floorMod(name.hashCode(), 250)));
            p.getStatus().setContainerStatuses(p.getSpec().getContainers().stream()
                    .map(c -> new ContainerStatusBuilder().withName(c.getName())
                            .withImage(c.getImage()).withImageID("")
                            .withReady(true).withStarted(true).withRestartCount(0)
                            .withNewState().withNewRunning().withStartedAt(now).endRunning()
                            .endState().build()).toList());
            return p;
        });
    }

    /**
     * Edits an object as a user would, again on the newest copy when a controller's write came
     * between the read and the write (409 Conflict).
     */
    public static <T> T edit(Resource<T> resource, UnaryOperator<T> change) {
        return onConflictAgain(() -> resource.edit(change));
    }

    /** {@link #edit} of the status subresource. */
    public static <T> T editStatus(Resource<T> resource, UnaryOperator<T> change) {
        return onConflictAgain(() -> resource.editStatus(change));
    }

    private static <T> T onConflictAgain(java.util.function.Supplier<T> write) {
        for (int attempt = 0; ; attempt++) {
            try {
                return write.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.stop();
        }
    }
}
