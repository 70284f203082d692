package io.j8s.kubelet.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.kubelet.runtime.ContainerRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers this node (creates its Node, or adopts one that exists), then keeps it current: the
 * status is computed every {@code statusPeriod} (upstream's nodeStatusUpdateFrequency, 10 s) and
 * written when it changed or when the last write is older than five minutes (upstream's
 * nodeStatusReportFrequency), the Lease is renewed every {@code leasePeriod} (10 s), and the pod
 * CIDR the cluster assigns ({@code spec.podCIDR}, watched) is handed to {@code onPodCidr}.
 */
public final class NodeReporter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeReporter.class.getName());
    static final Duration REPORT_FREQUENCY = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final NodeIdentity identity;
    private final Path dataDir;
    private final Clock clock;
    private final Duration statusPeriod;
    private final Duration leasePeriod;
    private final Consumer<String> onPodCidr;
    private final NodeLease lease;
    private final NodeEvents events;
    private volatile String lastReady = "";
    private final ScheduledExecutorService timer;
    private volatile Node registered;
    private volatile MachineInfo machine;
    private volatile String lastFingerprint = "";
    private volatile Instant lastReport = Instant.EPOCH;
    private volatile String podCidr;
    private volatile SharedIndexInformer<Node> informer;
    /** Register with the uninitialized taint, for the cloud controller manager to remove. */
    private final boolean externalCloudProvider;

    static final String UNINITIALIZED = "node.cloudprovider.kubernetes.io/uninitialized";

    public NodeReporter(KubernetesClient client, ContainerRuntime runtime, NodeIdentity identity,
            Path dataDir, Clock clock, Duration statusPeriod, Duration leasePeriod,
            boolean externalCloudProvider, Consumer<String> onPodCidr) {
        this.externalCloudProvider = externalCloudProvider;
        this.client = client;
        this.runtime = runtime;
        this.identity = identity;
        this.dataDir = dataDir;
        this.clock = clock;
        this.statusPeriod = statusPeriod;
        this.leasePeriod = leasePeriod;
        this.onPodCidr = onPodCidr;
        this.lease = new NodeLease(client, identity.name(), clock);
        this.events = new NodeEvents(client, identity.name(), clock);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-node-" + identity.name());
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        machine = MachineInfo.read(dataDir);
        timer.scheduleWithFixedDelay(this::statusTick, 0, statusPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::leaseTick, leasePeriod.toMillis(),
                leasePeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The node's pod CIDR once the cluster assigned it, else null. */
    public String podCidr() {
        return podCidr;
    }

    /** Whether the Node exists in the API, created or adopted by this kubelet. */
    public boolean registered() {
        return registered != null;
    }

    /** The node's allocatable as last written to its status; empty before the first write. */
    public Map<String, Quantity> allocatable() {
        Node node = registered;
        return node == null || node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of() : node.getStatus().getAllocatable();
    }

    private void statusTick() {
        try {
            if (registered == null) {
                register();
                String name = identity.name();
                events.normal("Starting", "Starting kubelet.");
                events.normal("NodeHasSufficientMemory", "Node " + name
                        + " status is now: NodeHasSufficientMemory");
                events.normal("NodeHasNoDiskPressure", "Node " + name
                        + " status is now: NodeHasNoDiskPressure");
                events.normal("NodeHasSufficientPID", "Node " + name
                        + " status is now: NodeHasSufficientPID");
                watchPodCidr();
                leaseTick();
            }
            updateStatus(false);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node " + identity.name() + ": status update failed: "
                    + e.getMessage());
        }
    }

    private void leaseTick() {
        Node node = registered;
        if (node == null) {
            return;
        }
        try {
            lease.renew(node);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node " + identity.name() + ": lease renewal failed: "
                    + e.getMessage());
        }
    }

    private void register() {
        Node node = new NodeBuilder().withNewMetadata().withName(identity.name())
                .withLabels(labels())
                .withAnnotations(Map.of("node.alpha.kubernetes.io/ttl", "0",
                        "volumes.kubernetes.io/controller-managed-attach-detach", "true"))
                .endMetadata().withNewSpec().withTaints(externalCloudProvider
                        ? List.of(new Taint("NoSchedule", UNINITIALIZED, null, "true"))
                        : List.of()).endSpec().build();
        try {
            registered = client.nodes().resource(node).create();
            LOG.info("node " + identity.name() + " registered");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            Node existing = client.nodes().withName(identity.name()).get();
            if (existing == null) {
                throw e;
            }
            Map<String, Object> patch = Map.of("metadata", Map.of("labels", labels()));
            registered = client.nodes().withName(identity.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
            LOG.info("node " + identity.name() + " already registered; adopted it");
        }
        notePodCidr(registered);
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        String arch = machine.architecture();
        labels.put("beta.kubernetes.io/arch", arch);
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", arch);
        labels.put("kubernetes.io/hostname", identity.hostname());
        labels.put("kubernetes.io/os", "linux");
        return labels;
    }

    private void watchPodCidr() {
        if (informer != null) {
            return;
        }
        SharedIndexInformer<Node> own = client.nodes().withName(identity.name())
                .runnableInformer(0);
        own.exceptionHandler((started, error) -> !timer.isShutdown());
        informer = own;
        own.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                notePodCidr(node);
            }

            @Override
            public void onUpdate(Node old, Node node) {
                notePodCidr(node);
            }

            @Override
            public void onDelete(Node gone, boolean unknown) {
                registered = null;
            }
        });
        own.start();
    }

    private void notePodCidr(Node node) {
        String cidr = node == null || node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        if (cidr != null && !cidr.isEmpty() && !cidr.equals(podCidr)) {
            podCidr = cidr;
            LOG.info("node " + identity.name() + ": pod CIDR " + cidr);
            try {
                onPodCidr.accept(cidr);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "node " + identity.name() + ": pod CIDR " + cidr
                        + " not taken: " + e.getMessage());
            }
        }
    }

    private void updateStatus(boolean force) {
        Node node = registered;
        if (node == null) {
            return;
        }
        List<NodeCondition> previous = node.getStatus() == null
                || node.getStatus().getConditions() == null ? List.of()
                : node.getStatus().getConditions();
        Instant now = clock.instant();
        io.fabric8.kubernetes.api.model.NodeStatus status = NodeStatus.build(identity, machine,
                runtime, previous, now);
        String fingerprint = NodeStatus.fingerprint(status);
        if (!force && fingerprint.equals(lastFingerprint)
                && Duration.between(lastReport, now).compareTo(REPORT_FREQUENCY) < 0) {
            return;
        }
        ObjectNode patch = Serialization.jsonMapper().createObjectNode();
        patch.set("status", Serialization.jsonMapper().valueToTree(status));
        Node written = patchStatus(patch.toString());
        registered = written;
        lastFingerprint = fingerprint;
        String ready = status.getConditions().stream().filter(c -> c.getType().equals("Ready"))
                .map(NodeCondition::getStatus).findFirst().orElse("");
        if (!ready.equals(lastReady)) {
            String reason = "True".equals(ready) ? "NodeReady" : "NodeNotReady";
            events.normal(reason, "Node " + identity.name() + " status is now: " + reason);
            lastReady = ready;
        }
        lastReport = now;
        notePodCidr(written);
    }

    /**
     * The status patch, again on a conflict: j8s's API server answers a merge patch that raced
     * another write with 409 instead of retrying it as upstream does. Through resource(...), not
     * withName: fabric8 GETs an object it has only the name of before it patches it.
     */
    private Node patchStatus(String body) {
        Node target = new NodeBuilder().withNewMetadata().withName(identity.name()).endMetadata()
                .build();
        for (int attempt = 0; ; attempt++) {
            try {
                return client.nodes().resource(target).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), body);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SharedIndexInformer<Node> i = informer;
        if (i != null) {
            i.close();
        }
    }
}
