package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.testkit.Kubectl;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A StatefulSet and a DaemonSet applied with the real kubectl roll out ({@code kubectl rollout
 * status} returns) on a server whose controller manager runs them, while the test plays the
 * scheduler and the kubelets through the API (binds pods, reports them Running and Ready).
 */
class StatefulSetDaemonSetE2E {
    private static final String NS = "stateful";
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    @Test
    void aStatefulSetAndADaemonSetRollOutAfterAnUpdateAndBackAfterAnUndo() throws Exception {
        Kubectl k = server.kubectl(null);
        try (KubernetesClient client = server.client()) {
            for (String node : List.of("n1", "n2")) {
                client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node)
                        .endMetadata().build()).create();
            }
            ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + NS + "\n",
                    "apply", "-f", "-"));
            try (SharedIndexInformer<Pod> stand = playSchedulerAndKubelet(client)) {
                ok(k.input(MANIFESTS.formatted("1.25", "1"), "-n", NS, "apply", "-f", "-"));
                ok(k.run("-n", NS, "rollout", "status", "statefulset/web", "--timeout=90s"));
                ok(k.run("-n", NS, "rollout", "status", "daemonset/agent", "--timeout=90s"));
                assertThat(ok(k.run("-n", NS, "get", "pods", "-o",
                        "jsonpath={.items[*].metadata.name}")).out())
                        .contains("web-0", "web-1", "web-2", "agent-");
                assertThat(ok(k.run("-n", NS, "get", "pvc", "-o",
                        "jsonpath={.items[*].metadata.name}")).out().split(" "))
                        .containsExactlyInAnyOrder("data-web-0", "data-web-1", "data-web-2");
                assertThat(ok(k.run("-n", NS, "get", "daemonset", "agent", "-o",
                        "jsonpath={.status.numberReady}/{.status.desiredNumberScheduled}")).out())
                        .isEqualTo("2/2");

                ok(k.input(MANIFESTS.formatted("1.26", "2"), "-n", NS, "apply", "-f", "-"));
                ok(k.run("-n", NS, "rollout", "status", "statefulset/web", "--timeout=90s"));
                ok(k.run("-n", NS, "rollout", "status", "daemonset/agent", "--timeout=90s"));
                assertThat(ok(k.run("-n", NS, "get", "pods", "-o",
                        "jsonpath={.items[*].spec.containers[0].image}")).out().split(" "))
                        .containsOnly("nginx:1.26", "agent:2");
                assertThat(ok(k.run("-n", NS, "rollout", "history", "statefulset/web")).out())
                        .contains("1", "2");
                assertThat(ok(k.run("-n", NS, "get", "controllerrevisions", "-o",
                        "name")).out().lines().count()).isEqualTo(4);

                ok(k.run("-n", NS, "rollout", "undo", "statefulset/web"));
                ok(k.run("-n", NS, "rollout", "undo", "daemonset/agent"));
                ok(k.run("-n", NS, "rollout", "status", "statefulset/web", "--timeout=90s"));
                ok(k.run("-n", NS, "rollout", "status", "daemonset/agent", "--timeout=90s"));
                assertThat(ok(k.run("-n", NS, "get", "pods", "-o",
                        "jsonpath={.items[*].spec.containers[0].image}")).out().split(" "))
                        .containsOnly("nginx:1.25", "agent:1");
                // the old revisions came back as the newest: still two each, renumbered
                assertThat(ok(k.run("-n", NS, "get", "controllerrevisions", "-o",
                        "jsonpath={.items[*].revision}")).out().split(" "))
                        .containsExactlyInAnyOrder("2", "3", "2", "3");
            }
        }
    }

    private static final String MANIFESTS = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: web
            spec:
              serviceName: web
              replicas: 3
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:%1$s
              volumeClaimTemplates:
              - metadata:
                  name: data
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: 1Gi
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: agent
            spec:
              selector:
                matchLabels: {app: agent}
              template:
                metadata:
                  labels: {app: agent}
                spec:
                  containers:
                  - name: agent
                    image: agent:%2$s
            """;

    /**
     * Binds each unbound pod of the namespace to the node its affinity names (else n1), marks a
     * bound pod Running and Ready through pods/status, and removes a bound pod being deleted, as
     * the scheduler and a kubelet would.
     */
    private static SharedIndexInformer<Pod> playSchedulerAndKubelet(KubernetesClient client) {
        return client.pods().inNamespace(NS).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onUpdate(null, pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                String name = pod.getMetadata().getName();
                try {
                    if (pod.getMetadata().getDeletionTimestamp() != null) {
                        client.pods().inNamespace(NS).withName(name).withGracePeriod(0).delete();
                    } else if (pod.getSpec().getNodeName() == null) {
                        client.bindings().inNamespace(NS).resource(new BindingBuilder()
                                .withNewMetadata().withName(name).endMetadata().withNewTarget()
                                .withKind("Node").withName(node(pod)).endTarget().build())
                                .create();
                    } else if (!"Running".equals(pod.getStatus().getPhase())) {
                        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                        client.pods().inNamespace(NS).withName(name).editStatus(p -> {
                            PodStatus s = p.getStatus();
                            s.setPhase("Running");
                            s.setStartTime(now);
                            s.setConditions(List.of(new PodConditionBuilder().withType("Ready")
                                    .withStatus("True").withLastTransitionTime(now).build()));
                            return p;
                        });
                    }
                } catch (KubernetesClientException e) {
                    // a newer event for the pod follows
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {}
        }, 0);
    }

    private static String node(Pod pod) {
        var affinity = pod.getSpec().getAffinity();
        if (affinity != null && affinity.getNodeAffinity() != null) {
            return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                    .getNodeSelectorTerms().getFirst().getMatchFields().getFirst().getValues()
                    .getFirst();
        }
        return "n1";
    }
}
