package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.testkit.Kubectl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The patches kubectl and the components send, against a running j8s with the real kubectl:
 * strategic merge patches that follow the schema ({@code kubectl taint}, a kubelet's status
 * patch), JSON patches as upstream's library applies them, and client-side apply's
 * {@code $retainKeys}.
 */
class PatchE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static Kubectl k;

    @BeforeAll
    static void start() throws Exception {
        k = server.kubectl(null);
    }

    private static void namespace(String ns) {
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "-f", "-"));
    }

    @Test
    void kubectlTaintRemovesOneTaintOfTwo() {
        ok(k.input("apiVersion: v1\nkind: Node\nmetadata:\n  name: tainted\nspec:\n  taints:\n"
                + "  - {key: a, effect: NoSchedule}\n  - {key: b, effect: NoSchedule}\n",
                "create", "-f", "-"));
        assertThat(ok(k.run("taint", "node", "tainted", "a:NoSchedule-")).out())
                .contains("node/tainted untainted");
        assertThat(ok(k.run("get", "node", "tainted", "-o",
                "jsonpath={.spec.taints[*].key}")).out()).isEqualTo("b");
        // kubectl puts the taints it adds first, and sends the whole list
        ok(k.run("taint", "node", "tainted", "c=v:NoExecute"));
        assertThat(ok(k.run("get", "node", "tainted", "-o",
                "jsonpath={.spec.taints[*].key}")).out()).isEqualTo("c b");
    }

    @Test
    void aKubeletStatusPatchReplacesContainerStatusesAndOrdersConditions() {
        String ns = "status-patch";
        namespace(ns);
        // a scheduler no profile names: the server's scheduler leaves its conditions alone
        ok(k.input("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
                + "  automountServiceAccountToken: false\n  schedulerName: kubelet-played\n"
                + "  containers:\n  - {name: c, image: busybox}\n", "-n", ns, "create", "-f", "-"));
        ok(k.run("-n", ns, "patch", "pod", "p", "--subresource=status", "--type=strategic", "-p",
                "{\"status\":{\"conditions\":[{\"type\":\"Initialized\",\"status\":\"True\"},"
                        + "{\"type\":\"Ready\",\"status\":\"False\"}],\"containerStatuses\":["
                        + "{\"name\":\"c\",\"image\":\"busybox\",\"imageID\":\"\",\"ready\":false,"
                        + "\"restartCount\":0,\"state\":{\"waiting\":"
                        + "{\"reason\":\"ContainerCreating\"}}}]}}"));
        ok(k.run("-n", ns, "patch", "pod", "p", "--subresource=status", "--type=strategic", "-p",
                "{\"status\":{\"$setElementOrder/conditions\":[{\"type\":\"Initialized\"},"
                        + "{\"type\":\"Ready\"}],\"conditions\":[{\"type\":\"Ready\","
                        + "\"status\":\"True\"}],\"containerStatuses\":[{\"name\":\"c\","
                        + "\"image\":\"busybox\",\"imageID\":\"\",\"ready\":true,"
                        + "\"restartCount\":0,\"started\":true,\"state\":{\"running\":"
                        + "{\"startedAt\":\"2026-01-01T00:00:00Z\"}}}]}}"));
        String state = ok(k.run("-n", ns, "get", "pod", "p", "-o",
                "jsonpath={.status.containerStatuses[0].state}")).out();
        assertThat(state).contains("running").doesNotContain("waiting");
        assertThat(ok(k.run("-n", ns, "get", "pod", "p", "-o",
                "jsonpath={.status.conditions[*].type}={.status.conditions[*].status}")).out())
                .isEqualTo("Initialized Ready=True True");
    }

    @Test
    void jsonPatchesApplyAsUpstreamsLibraryDoes() {
        ok(k.input("apiVersion: v1\nkind: Node\nmetadata:\n  name: json-patched\n"
                + "spec:\n  podCIDR: 10.42.9.0/24\n", "create", "-f", "-"));
        // replace of a member the object does not have adds it, as evanphx/json-patch v4 does
        ok(k.run("patch", "node", "json-patched", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/unschedulable\",\"value\":true}]"));
        assertThat(ok(k.run("get", "node", "json-patched", "-o",
                "jsonpath={.spec.unschedulable}")).out()).isEqualTo("true");
        Kubectl.Result failed = k.run("patch", "node", "json-patched", "--type=json", "-p",
                "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]");
        assertThat(failed.ok()).isFalse();
        assertThat(failed.err()).contains("The request is invalid: the server rejected our"
                + " request due to an error in our request");
    }

    private static String deployment(String ns, String strategy) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: " + ns
                + "\nspec:\n  replicas: 1\n" + strategy
                + "  selector:\n    matchLabels: {app: web}\n"
                + "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
                + "      containers:\n      - name: web\n        image: nginx\n";
    }

    @Test
    void clientSideApplySwitchesADeploymentFromRollingUpdateToRecreate() {
        String ns = "retain-keys";
        namespace(ns);
        ok(k.input(deployment(ns, ""), "apply", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "deploy", "web", "-o",
                "jsonpath={.spec.strategy.type}")).out()).isEqualTo("RollingUpdate");
        ok(k.input(deployment(ns, "  strategy:\n    type: Recreate\n"), "apply", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "deploy", "web", "-o",
                "jsonpath={.spec.strategy}")).out()).isEqualTo("{\"type\":\"Recreate\"}");
    }
}
