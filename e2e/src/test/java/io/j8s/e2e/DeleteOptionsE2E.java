package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.testkit.Kubectl;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl delete} sends its options in a DeleteOptions body ({@code --dry-run=server},
 * {@code --cascade}, {@code --grace-period}); the Python client sends {@code watch=True} and
 * {@code dryRun} in the query. Each must do what it does against a kube-apiserver.
 */
class DeleteOptionsE2E {
    // Without the garbage collector, which would remove the finalizers this test looks for.
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass("--controllers",
            "*,-garbage-collector");

    private static String configMaps(String ns, String... names) {
        StringBuilder yaml = new StringBuilder();
        for (String name : names) {
            yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ").append(name)
                    .append("\n  namespace: ").append(ns).append("\n  labels: {set: kept}\n")
                    .append("data:\n  a: b\n");
        }
        return yaml.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void serverDryRunDeletesNothingByNameOrBySelector(String version) {
        Kubectl k = server.kubectl(version);
        String ns = "dry-" + version.replace('.', '-');
        ok(k.run("create", "namespace", ns));
        ok(k.input(configMaps(ns, "one", "two", "three"), "create", "-f", "-"));

        assertThat(ok(k.run("-n", ns, "delete", "configmap", "one", "--dry-run=server")).out())
                .contains("configmap \"one\" deleted (server dry run)");
        assertThat(ok(k.run("-n", ns, "delete", "configmap", "-l", "set=kept",
                "--dry-run=server")).out()).contains("(server dry run)");
        assertThat(ok(k.run("-n", ns, "get", "configmaps", "-l", "set=kept", "-o",
                "name")).out().lines()).containsExactlyInAnyOrder("configmap/one",
                        "configmap/two", "configmap/three");

        ok(k.run("-n", ns, "delete", "configmap", "one"));
        assertThat(k.run("-n", ns, "get", "configmap", "one").err()).contains("NotFound");
    }

    @Test
    void cascadeAndGracePeriodReachTheServer() {
        Kubectl k = server.kubectl(null);
        String ns = "cascade";
        ok(k.run("create", "namespace", ns));
        ok(k.input(configMaps(ns, "orphaned", "foreground"), "create", "-f", "-"));
        ok(k.input("apiVersion: v1\nkind: Pod\nmetadata:\n  name: graceful\n  namespace: " + ns
                + "\nspec:\n  nodeName: node-a\n  containers:\n  - name: c\n    image: busybox\n",
                "create", "-f", "-"));

        ok(k.run("-n", ns, "delete", "configmap", "orphaned", "--cascade=orphan", "--wait=false"));
        assertThat(ok(k.run("-n", ns, "get", "configmap", "orphaned", "-o",
                "jsonpath={.metadata.finalizers}")).out()).contains("orphan");
        ok(k.run("-n", ns, "delete", "configmap", "foreground", "--cascade=foreground",
                "--wait=false"));
        assertThat(ok(k.run("-n", ns, "get", "configmap", "foreground", "-o",
                "jsonpath={.metadata.finalizers}")).out()).contains("foregroundDeletion");

        ok(k.run("-n", ns, "delete", "pod", "graceful", "--grace-period=17", "--wait=false"));
        assertThat(ok(k.run("-n", ns, "get", "pod", "graceful", "-o",
                "jsonpath={.metadata.deletionGracePeriodSeconds}")).out()).isEqualTo("17");
        ok(k.run("-n", ns, "delete", "pod", "graceful", "--grace-period=0", "--force"));
        assertThat(k.run("-n", ns, "get", "pod", "graceful").err()).contains("NotFound");
    }

    @Test
    void thePythonClientWatchesWithWatchTrueAndDryRunsDeletes() throws Exception {
        PythonKubernetes.ensureInstalled();
        ok(server.kubectl(null).input(configMaps("default", "py-kept"), "create", "-f", "-"));
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import kubernetes as k; k.config.load_kube_config(config_file='"
                        + server.kubeconfig() + "'); v1 = k.client.CoreV1Api()\n"
                        + "v1.delete_namespaced_config_map('py-kept', 'default', dry_run='All')\n"
                        + "v1.delete_namespaced_config_map('py-kept', 'default',"
                        + " body=k.client.V1DeleteOptions(dry_run=['All']))\n"
                        + "for e in k.watch.Watch().stream(v1.list_namespaced_config_map,"
                        + " 'default', label_selector='set=kept', timeout_seconds=2):\n"
                        + "    print(e['type'], e['object'].metadata.name)\n")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ADDED py-kept");
    }
}
