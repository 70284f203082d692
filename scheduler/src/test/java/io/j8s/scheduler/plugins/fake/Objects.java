package io.j8s.scheduler.plugins.fake;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Nodes and pods as the plugin tests need them, built with fabric8's builders. */
public final class Objects {
    private Objects() {}

    /** A node with these labels (plus its hostname label), 4 CPUs and 110 pods. */
    public static Node node(String name, String... labels) {
        Map<String, String> l = labels(labels);
        l.put("kubernetes.io/hostname", name);
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(l).endMetadata()
                .withNewStatus().addToAllocatable("cpu", new Quantity("4"))
                .addToAllocatable("memory", new Quantity("8Gi"))
                .addToAllocatable("pods", new Quantity("110")).endStatus().build();
    }

    /** A pod in "default" with a fresh uid and these labels, to be finished by the caller. */
    public static PodBuilder pod(String name, String... labels) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withUid(UUID.randomUUID().toString()).withLabels(labels(labels))
                .withCreationTimestamp("2024-01-01T00:00:00Z").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec();
    }

    /** "k=v" pairs as a map. */
    public static Map<String, String> labels(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return m;
    }
}
