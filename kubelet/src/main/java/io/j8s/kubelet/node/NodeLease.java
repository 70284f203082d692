package io.j8s.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The node's heartbeat: the Lease {@code kube-node-lease/<node>}, held by the node, 40 s long,
 * owned by the Node (so it goes with it), its renewTime moved forward on every renewal.
 */
final class NodeLease {
    static final String NAMESPACE = "kube-node-lease";
    static final int DURATION_SECONDS = 40;

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;

    NodeLease(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    /** Creates or renews the lease; {@code node} is the registered Node, its owner. */
    void renew(Node node) {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MICROS);
        var leases = client.leases().inNamespace(NAMESPACE);
        Lease existing = leases.withName(nodeName).get();
        if (existing == null) {
            Lease lease = new LeaseBuilder()
                    .withNewMetadata().withName(nodeName).withNamespace(NAMESPACE)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1")
                            .withKind("Node").withName(nodeName)
                            .withUid(node.getMetadata().getUid()).build())
                    .endMetadata()
                    .withNewSpec().withHolderIdentity(nodeName)
                    .withLeaseDurationSeconds(DURATION_SECONDS).withRenewTime(now).endSpec()
                    .build();
            try {
                leases.resource(lease).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = leases.withName(nodeName).get();
                if (existing == null) {
                    return;
                }
            }
        }
        existing.getSpec().setHolderIdentity(nodeName);
        existing.getSpec().setLeaseDurationSeconds(DURATION_SECONDS);
        existing.getSpec().setRenewTime(now);
        leases.resource(existing).update();
    }
}
