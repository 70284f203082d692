package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.j8s.testkit.Kubectl.ok;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testkit.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl drain} goes through the eviction subresource: a disruption budget that allows no
 * disruption stops it (with upstream's message, the node left cordoned), and once the budget
 * allows one the node drains; the server's disruption controller keeps the budget's status. No
 * kubelet runs, so pods are bound by name and their status is written the way a kubelet would. fabric8 binds with the older top-level {@code bindings} and
 * evicts.
 */
class DrainE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.30", "1.33"})
    void drainEvictsThroughTheDisruptionBudget(String version) {
        Kubectl k = server.kubectl(version);
        String ns = "drain-" + version.replace('.', '-');
        String node = "node-" + version.replace('.', '-');
        ok(k.input("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: %1$s}
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: %2$s}
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web, namespace: %1$s}
                spec:
                  minAvailable: 1
                  selector: {matchLabels: {app: web}}
                """.formatted(ns, node), "apply", "--validate=false", "-f", "-"));
        for (String pod : new String[] {"web-a", "web-b"}) {
            ok(k.input("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, namespace: %s, labels: {app: web}}
                    spec:
                      nodeName: %s
                      containers: [{name: c, image: busybox}]
                    """.formatted(pod, ns, node), "apply", "--validate=false", "-f", "-"));
            ok(k.run("-n", ns, "patch", "pod", pod, "--subresource=status", "--type=merge",
                    "-p", "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":"
                            + "\"Ready\",\"status\":\"True\"}]}}"));
        }
        budget(k, ns, 2, 0);

        Kubectl.Result blocked = k.run("drain", node, "--force", "--grace-period=0",
                "--timeout=3s");
        assertThat(blocked.ok()).as(blocked.toString()).isFalse();
        assertThat(blocked.err()).contains(
                "Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(ok(k.run("get", "node", node, "-o", "jsonpath={.spec.unschedulable}")).out())
                .isEqualTo("true");
        assertThat(ok(k.run("-n", ns, "get", "pods", "-o", "name")).out().lines())
                .containsExactlyInAnyOrder("pod/web-a", "pod/web-b");

        budget(k, ns, 0, 2);
        Kubectl.Result drained = ok(k.run("drain", node, "--force", "--grace-period=0",
                "--timeout=30s"));
        assertThat(drained.out()).contains("node/" + node + " drained");
        assertThat(ok(k.run("-n", ns, "get", "pods", "-o", "name")).out()).isBlank();
        // the disruption controller: no pods expected, none may go, the evicted ones forgotten
        await().atMost(Duration.ofSeconds(30)).until(() -> ok(k.run("-n", ns, "get", "pdb",
                "web", "-o", "jsonpath={.status.expectedPods} {.status.disruptionsAllowed}"
                        + " {.status.disruptedPods}")).out().strip().equals("0 0"));
    }

    @Test
    void fabric8BindsThroughBindingsAndEvictsThroughTheSubresource() throws Exception {
        try (KubernetesClient client = server.client()) {
            String ns = "fabric8-evict";
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .endMetadata().build()).create();
            client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata()
                    .withName("p").endMetadata().withNewSpec().addNewContainer().withName("c")
                    .withImage("busybox").endContainer().endSpec().build()).create();
            client.bindings().inNamespace(ns).resource(new BindingBuilder().withNewMetadata()
                    .withName("p").endMetadata().withNewTarget().withKind("Node")
                    .withName("node-f").endTarget().build()).create();
            assertThat(client.pods().inNamespace(ns).withName("p").get().getSpec().getNodeName())
                    .isEqualTo("node-f");
            // Pending, so no budget applies; a bound pod goes gracefully, as upstream.
            assertThat(client.pods().inNamespace(ns).withName("p").evict()).isTrue();
            assertThat(client.pods().inNamespace(ns).withName("p").get().getMetadata()
                    .getDeletionTimestamp()).isNotNull();
        }
    }

    /**
     * Sets the budget's minAvailable and waits for the disruption controller to have computed
     * what it allows.
     */
    private static void budget(Kubectl k, String ns, int minAvailable, int allowed) {
        ok(k.run("-n", ns, "patch", "pdb", "web", "--type=merge", "-p",
                "{\"spec\":{\"minAvailable\":" + minAvailable + "}}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String[] s = ok(k.run("-n", ns, "get", "pdb", "web", "-o", "jsonpath="
                    + "{.metadata.generation} {.status.observedGeneration}"
                    + " {.status.disruptionsAllowed}")).out().strip().split(" ");
            return s.length == 3 && s[0].equals(s[1]) && s[2].equals(Integer.toString(allowed));
        });
    }
}
