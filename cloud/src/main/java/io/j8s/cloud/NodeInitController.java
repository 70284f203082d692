package io.j8s.cloud;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.cloud.provider.CloudException;
import io.j8s.cloud.provider.CloudProvider;
import io.j8s.cloud.provider.InstancesV2;
import io.j8s.cloud.provider.Zones;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Upstream's cloud node controller, the initializing half: a Node registered with the
 * {@code node.cloudprovider.kubernetes.io/uninitialized} taint (a kubelet told the cloud provider
 * is external) gets its providerID, instance type and zone labels from the provider, then loses
 * the taint, in one update.
 */
final class NodeInitController {
    private static final Logger LOG = Logger.getLogger(NodeInitController.class.getName());
    static final String UNINITIALIZED = "node.cloudprovider.kubernetes.io/uninitialized";
    private final KubernetesClient client;
    private final SharedInformers informers;
    private final InstancesV2 instances;
    private final Zones zones;
    private final EventRecorder events;

    NodeInitController(KubernetesClient client, SharedInformers informers, CloudProvider provider,
            EventRecorder events) {
        this.client = client;
        this.informers = informers;
        this.instances = provider.instancesV2().orElseThrow();
        this.zones = provider.zones().orElse(null);
        this.events = events;
    }

    static boolean uninitialized(Node node) {
        return node.getSpec() != null && node.getSpec().getTaints() != null
                && node.getSpec().getTaints().stream().anyMatch(t -> UNINITIALIZED.equals(t.getKey()));
    }

    void sync(String name) {
        Node node = informers.get(Node.class, null, name);
        if (node == null || !uninitialized(node)) {
            return;
        }
        InstancesV2.InstanceMetadata meta;
        Zones.Zone zone = null;
        try {
            meta = instances.instanceMetadata(node);
            if (zones != null) {
                zone = zones.zoneByNodeName(name);
            }
        } catch (CloudException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Node copy = client.nodes().withName(name).get();
        if (copy == null || !uninitialized(copy)) {
            return;
        }
        if (copy.getSpec().getProviderID() == null || copy.getSpec().getProviderID().isEmpty()) {
            copy.getSpec().setProviderID(meta.providerId());
        }
        Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels() == null
                ? Map.of() : copy.getMetadata().getLabels());
        if (meta.instanceType() != null && !meta.instanceType().isEmpty()) {
            labels.put("node.kubernetes.io/instance-type", meta.instanceType());
            labels.put("beta.kubernetes.io/instance-type", meta.instanceType());
        }
        String z = zone != null ? zone.failureDomain() : meta.zone();
        String r = zone != null ? zone.region() : meta.region();
        if (z != null && !z.isEmpty()) {
            labels.put("topology.kubernetes.io/zone", z);
        }
        if (r != null && !r.isEmpty()) {
            labels.put("topology.kubernetes.io/region", r);
        }
        copy.getMetadata().setLabels(labels);
        List<Taint> taints = new ArrayList<>(copy.getSpec().getTaints());
        taints.removeIf(t -> UNINITIALIZED.equals(t.getKey()));
        copy.getSpec().setTaints(taints);
        client.nodes().resource(copy).update();
        LOG.info("node " + name + " initialized: providerID " + copy.getSpec().getProviderID()
                + ", addresses " + meta.addresses().stream().map(a -> a.getType() + "="
                + a.getAddress()).toList());
        events.normal(copy, "Synced", "Node synced successfully");
    }
}
