package io.j8s.cloud;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** Nodes, Services and event look-ups the cloud controller tests share. */
final class CloudFixtures {
    private CloudFixtures() {}

    static Node node(KubernetesClient c, String name, String podCidr, String ip, boolean tainted) {
        Node n = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withPodCIDR(podCidr).withPodCIDRs(podCidr == null ? List.of() : List.of(podCidr))
                .withTaints(tainted ? List.of(new Taint("NoSchedule",
                        NodeInitController.UNINITIALIZED, null, "true")) : List.of())
                .endSpec().build();
        Node created = c.nodes().resource(n).create();
        if (ip != null) {
            created.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                    .withAddresses(new NodeAddress(ip, "InternalIP"), new NodeAddress(name, "Hostname"))
                    .build());
            created = c.nodes().resource(created).updateStatus();
        }
        return created;
    }

    static Service lb(KubernetesClient c, String ns, String name, int... ports) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withNewSpec().withType("LoadBalancer")
                .withSelector(Map.of("app", name)).endSpec();
        for (int p : ports) {
            b.editSpec().addNewPort().withName("p" + p).withProtocol("TCP").withPort(p).endPort()
                    .endSpec();
        }
        return c.services().inNamespace(ns).resource(b.build()).create();
    }

    static String ingress(KubernetesClient c, String ns, String name) {
        Service s = c.services().inNamespace(ns).withName(name).get();
        if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null
                || s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return null;
        }
        var i = s.getStatus().getLoadBalancer().getIngress().getFirst();
        return i.getIp() + "/" + i.getIpMode();
    }

    static List<String> events(KubernetesClient c, String ns, String name, String reason) {
        return c.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())
                        && reason.equals(e.getReason()))
                .map(Event::getMessage).toList();
    }
}
