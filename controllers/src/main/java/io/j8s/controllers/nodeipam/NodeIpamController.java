package io.j8s.controllers.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.componentbase.workqueue.WorkQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Upstream's node IPAM controller with the range allocator: every Node without
 * {@code spec.podCIDR} gets the lowest free subnet of the cluster CIDR, set by a patch of
 * {@code spec.podCIDR} and {@code spec.podCIDRs}; a Node that has one keeps it, and a deleted
 * Node's subnet is free again. Before the first allocation the controller takes every subnet the
 * Nodes of the informer's first list already hold, so a restart hands out nothing twice.
 */
public final class NodeIpamController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.nodeipam");
    static final Duration FULL_RETRY = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final CidrSet cidrs;
    private final String clusterCidr;
    private final WorkQueue queue;
    /** Which subnet each node holds, as this controller knows it. */
    private final Map<String, String> assigned = new HashMap<>();
    private SharedIndexInformer<Node> informer;

    /**
     * @param clusterCidr the range pod subnets come from ({@code --cluster-cidr})
     * @param nodeCidrMaskSize the prefix length of each node's subnet
     *     ({@code --node-cidr-mask-size})
     * @throws IllegalArgumentException if the CIDR or the mask size is unusable
     */
    public NodeIpamController(KubernetesClient client, String clusterCidr, int nodeCidrMaskSize) {
        this.client = Objects.requireNonNull(client);
        this.clusterCidr = clusterCidr;
        this.cidrs = new CidrSet(clusterCidr, nodeCidrMaskSize);
        this.queue = new WorkQueue("nodeipam", this::sync);
    }

    /**
     * Checks a cluster CIDR and mask size.
     *
     * @throws IllegalArgumentException saying what is wrong with them
     */
    public static void check(String clusterCidr, int nodeCidrMaskSize) {
        new CidrSet(clusterCidr, nodeCidrMaskSize);
    }

    /** Lists and watches Nodes, takes the subnets they hold, then starts allocating. */
    public NodeIpamController start() {
        informer = client.nodes().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                queue.add(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node old, Node node) {
                queue.add(node.getMetadata().getName());
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                queue.add(node.getMetadata().getName());
            }
        });
        try {
            informer.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            informer.stop();
            throw new IllegalStateException("node IPAM: cannot list nodes: " + e.getMessage(), e);
        }
        synchronized (this) {
            for (Node node : informer.getStore().list()) {
                podCidr(node).ifPresent(cidr -> take(node.getMetadata().getName(), cidr));
            }
        }
        queue.start();
        LOG.info("node IPAM: allocating subnets of " + clusterCidr + " to nodes, "
                + assigned.size() + " held already");
        return this;
    }

    /** Allocates, keeps or frees the subnet of the node named by {@code key}. */
    synchronized void sync(String name) {
        Node node = informer.getStore().getByKey(name);
        if (node == null) {
            String held = assigned.remove(name);
            if (held != null) {
                cidrs.release(held);
                LOG.info("node IPAM: node " + name + " is gone, " + held + " is free again");
            }
            return;
        }
        Optional<String> existing = podCidr(node);
        if (existing.isPresent()) {
            String held = assigned.get(name);
            if (!existing.get().equals(held)) {
                if (held != null) {
                    cidrs.release(held);
                }
                take(name, existing.get());
            }
            return;
        }
        String cidr = assigned.get(name);
        if (cidr == null) {
            Optional<String> next = cidrs.allocateNext();
            if (next.isEmpty()) {
                LOG.warning("node IPAM: CIDRNotAvailable: no subnet of " + clusterCidr
                        + " is free for node " + name);
                queue.addAfter(name, FULL_RETRY);
                return;
            }
            cidr = next.get();
            assigned.put(name, cidr);
        }
        try {
            client.nodes().withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"spec\":{\"podCIDR\":\"" + cidr + "\",\"podCIDRs\":[\"" + cidr + "\"]}}");
        } catch (RuntimeException e) {
            // The node may be gone or changed; the next sync sees which.
            assigned.remove(name);
            cidrs.release(cidr);
            throw e;
        }
        LOG.info("node IPAM: node " + name + " gets pod CIDR " + cidr);
    }

    /** How many subnets are free, as this controller counts them. */
    synchronized int freeSubnets() {
        return cidrs.free();
    }

    private void take(String name, String cidr) {
        if (cidrs.occupy(cidr)) {
            assigned.put(name, cidr);
        } else {
            LOG.warning("node IPAM: node " + name + " has pod CIDR " + cidr
                    + ", which is not a subnet of " + clusterCidr + "; left as it is");
        }
    }

    private static Optional<String> podCidr(Node node) {
        if (node.getSpec() == null) {
            return Optional.empty();
        }
        List<String> all = node.getSpec().getPodCIDRs();
        if (all != null && !all.isEmpty()) {
            return Optional.of(all.getFirst());
        }
        return Optional.ofNullable(node.getSpec().getPodCIDR()).filter(s -> !s.isEmpty());
    }

    @Override
    public void close() {
        queue.close();
        if (informer != null) {
            informer.stop();
        }
    }
}
