package io.j8s.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelets of the Node objects a benchmark makes without a node agent: every 10 s it
 * renews the Lease {@code kube-node-lease/<node>} of every Node, so the node lifecycle controller
 * does not find them silent, mark them Unknown and taint them after 40 s.
 */
final class NodeHeartbeats implements AutoCloseable {
    private static final String NAMESPACE = "kube-node-lease";
    private final KubernetesClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("bench-node-heartbeats").factory());

    NodeHeartbeats(KubernetesClient client) {
        this.client = client;
        timer.scheduleWithFixedDelay(this::renewAll, 0, 10, TimeUnit.SECONDS);
    }

    private void renewAll() {
        try {
            for (Node node : client.nodes().list().getItems()) {
                renew(node);
            }
        } catch (RuntimeException e) {
            // The next round tries again.
        }
    }

    private void renew(Node node) {
        String name = node.getMetadata().getName();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        var leases = client.leases().inNamespace(NAMESPACE);
        Lease lease = leases.withName(name).get();
        if (lease == null) {
            leases.resource(new LeaseBuilder().withNewMetadata().withName(name)
                    .withNamespace(NAMESPACE).withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("v1").withKind("Node").withName(name)
                            .withUid(node.getMetadata().getUid()).build()).endMetadata()
                    .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40)
                    .withRenewTime(now).endSpec().build()).create();
        } else {
            lease.getSpec().setRenewTime(now);
            leases.resource(lease).update();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
