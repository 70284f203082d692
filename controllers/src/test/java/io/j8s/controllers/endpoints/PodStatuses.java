package io.j8s.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Plays the kubelet for the endpoints tests: a pod's IP, phase and Ready condition via pods/status. */
final class PodStatuses {
    private PodStatuses() {}

    static Pod create(KubernetesClient client, String ns, String name, String app) {
        return client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata()
                .withName(name).addToLabels("app", app).endMetadata().withNewSpec()
                .withNodeName("n1").addNewContainer().withName("c").withImage("busybox")
                .addNewPort().withName("http").withContainerPort(8080).endPort().endContainer()
                .endSpec().build()).create();
    }

    static void running(KubernetesClient client, String ns, String name, String ip,
            boolean ready) {
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        Pod next = new PodBuilder(pod).editOrNewStatus().withPhase("Running").withPodIP(ip)
                .withPodIPs(new io.fabric8.kubernetes.api.model.PodIP(ip))
                .withConditions(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                        .withType("Ready").withStatus(ready ? "True" : "False").build())
                .endStatus().build();
        client.pods().inNamespace(ns).resource(next).updateStatus();
    }
}
