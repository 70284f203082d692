package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.j8s.testkit.Kubectl.ok;

import io.j8s.testkit.Kubectl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kubectl, of the oldest, a middle and the newest version installed, against a running
 * {@code j8s server} over HTTPS with the admin's kubeconfig: what a user types must work as it does
 * upstream.
 */
class KubectlE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    static Stream<String> versions() {
        return Stream.of("1.27", "1.30", "1.33");
    }

    private static Kubectl kubectl(String version) {
        return server.kubectl(version);
    }

    private static String ns(String version) {
        return "kubectl-" + version.replace('.', '-');
    }

    private static String configMap(String ns, String name, String data, String extraMeta) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: "
                + ns + "\n" + extraMeta + "data:\n  " + data + "\n";
    }

    @ParameterizedTest
    @MethodSource("versions")
    void createGetApplyPatchReplaceDelete(String version) {
        Kubectl k = kubectl(version);
        String ns = ns(version);
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "-f", "-"));
        ok(k.input(configMap(ns, "app", "color: blue", "  labels: {tier: web}\n"),
                "create", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "configmap", "app", "-o",
                "jsonpath={.data.color}")).out()).isEqualTo("blue");

        // apply: first time patches in the last-applied annotation, then changes data.
        ok(k.input(configMap(ns, "app", "color: green", "  labels: {tier: web}\n"),
                "apply", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "cm", "app", "-o", "jsonpath={.data.color}")).out())
                .isEqualTo("green");
        assertThat(ok(k.input(configMap(ns, "app", "color: green", "  labels: {tier: web}\n"),
                "apply", "-f", "-")).out()).contains("unchanged");

        ok(k.run("-n", ns, "patch", "cm", "app", "--type", "merge", "-p",
                "{\"data\":{\"size\":\"L\"}}"));
        ok(k.run("-n", ns, "patch", "cm", "app", "--type", "json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/data/size\",\"value\":\"XL\"}]"));
        ok(k.run("-n", ns, "patch", "cm", "app", "-p", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}"));
        ok(k.run("-n", ns, "label", "cm", "app", "owner=team-a"));
        String labels = ok(k.run("-n", ns, "get", "cm", "app", "-o",
                "jsonpath={.metadata.labels}")).out();
        assertThat(labels).contains("\"tier\":\"web\"").contains("\"x\":\"y\"")
                .contains("\"owner\":\"team-a\"");
        assertThat(ok(k.run("-n", ns, "get", "cm", "app", "-o", "jsonpath={.data.size}")).out())
                .isEqualTo("XL");

        // replace with a stale resourceVersion is a conflict.
        String yaml = ok(k.run("-n", ns, "get", "cm", "app", "-o", "yaml")).out();
        ok(k.run("-n", ns, "annotate", "cm", "app", "touched=yes"));
        Kubectl.Result stale = k.input(yaml, "replace", "-f", "-");
        assertThat(stale.ok()).isFalse();
        assertThat(stale.err()).contains("the object has been modified");

        ok(k.run("-n", ns, "delete", "cm", "app"));
        Kubectl.Result gone = k.run("-n", ns, "get", "cm", "app");
        assertThat(gone.ok()).isFalse();
        assertThat(gone.err()).contains("configmaps \"app\" not found");

        String metrics = ok(k.run("get", "--raw", "/metrics")).out();
        assertThat(metrics).containsPattern("apiserver_request_total\\{[^}]*resource=\"configmaps\"")
                .contains("apiserver_request_duration_seconds_bucket");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void selectorsDryRunChunksAndValidation(String version) {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-sel";
        ok(k.run("create", "namespace", ns + "-x", "--dry-run=client", "-o", "yaml"));
        ok(k.run("create", "namespace", ns + "-generated"));
        ok(k.run("-n", ns + "-generated", "create", "configmap", "generated",
                "--from-literal=a=b", "--from-literal=c=d"));
        // kubectl get prints the server's Table: upstream's columns for config maps.
        String table = ok(k.run("-n", ns + "-generated", "get", "configmaps")).out();
        assertThat(table.lines().findFirst().orElseThrow()).matches("NAME\\s+DATA\\s+AGE");
        assertThat(table).containsPattern("generated\\s+2\\s+");
        assertThat(ok(k.run("explain", "configmap.data")).out()).contains("FIELD: data");
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "-f", "-"));
        for (int i = 0; i < 5; i++) {
            ok(k.input(configMap(ns, "cm-" + i, "i: \"" + i + "\"",
                    "  labels: {parity: " + (i % 2 == 0 ? "even" : "odd") + "}\n"),
                    "create", "-f", "-"));
        }
        assertThat(ok(k.run("-n", ns, "get", "cm", "-l", "parity=even", "-o", "name")).out()
                .lines()).containsExactly("configmap/cm-0", "configmap/cm-2", "configmap/cm-4");
        // every namespace also holds kube-root-ca.crt (the root-ca-cert-publisher's)
        assertThat(ok(k.run("-n", ns, "get", "cm", "--chunk-size=2", "-o", "name")).out().lines()
                .filter(l -> !l.equals("configmap/kube-root-ca.crt"))).hasSize(5);
        assertThat(ok(k.run("get", "cm", "--all-namespaces", "-o", "name")).out().lines())
                .contains("configmap/cm-0", "configmap/cm-4");
        assertThat(ok(k.run("-n", ns, "get", "cm", "--field-selector", "metadata.name=cm-3",
                "-o", "name")).out().strip()).isEqualTo("configmap/cm-3");

        ok(k.input(configMap(ns, "dry", "a: b", ""), "create",
                "--dry-run=server", "-f", "-"));
        assertThat(k.run("-n", ns, "get", "cm", "dry").ok()).isFalse();

        Kubectl.Result invalid = k.input(configMap(ns, "Bad_Name", "a: b", ""), "create",
                "-f", "-");
        assertThat(invalid.ok()).isFalse();
        assertThat(invalid.err()).contains("is invalid").contains("metadata.name");

        Kubectl.Result missingNs = k.input(configMap("no-such-ns", "c", "a: b", ""), "create",
                "-f", "-");
        assertThat(missingNs.err()).contains("namespaces \"no-such-ns\" not found");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void scaleChangesOnlyTheReplicasAndBumpsTheGeneration(String version) {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-scale";
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "-f", "-"));
        ok(k.run("-n", ns, "create", "deployment", "web", "--image=busybox:1"));
        ok(k.run("-n", ns, "scale", "deployment", "web", "--replicas=3"));
        assertThat(ok(k.run("-n", ns, "get", "deployment", "web", "-o",
                "jsonpath={.spec.replicas} {.metadata.generation}")).out()).isEqualTo("3 2");
        assertThat(ok(k.run("-n", ns, "get", "--raw", "/apis/apps/v1/namespaces/" + ns
                + "/deployments/web/scale")).out()).contains("\"replicas\":3")
                .contains("\"selector\":\"app=web\"");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void finalizersHoldADeleteUntilTheyAreRemoved(String version) {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-fin";
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "-f", "-"));
        ok(k.input(configMap(ns, "held", "a: b", "  finalizers: [example.com/hold]\n"),
                "create", "-f", "-"));
        ok(k.run("-n", ns, "delete", "cm", "held", "--wait=false"));
        assertThat(ok(k.run("-n", ns, "get", "cm", "held", "-o",
                "jsonpath={.metadata.deletionTimestamp}")).out()).isNotBlank();
        ok(k.run("-n", ns, "patch", "cm", "held", "--type", "json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]"));
        assertThat(k.run("-n", ns, "get", "cm", "held").err()).contains("not found");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void getWatchSeesChanges(String version) throws Exception {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-watch";
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "-f", "-"));
        // A sentinel listed before the watch: once kubectl prints it, it has its list and
        // watches from that list's resourceVersion, so no later change can be missed.
        ok(k.input(configMap(ns, "sentinel", "a: \"0\"", ""), "create", "-f", "-"));
        Process watch = k.start("-n", ns, "get", "cm", "-w", "--output-watch-events",
                "--no-headers");
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    watch.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the process was stopped
            }
        });
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> count(lines, "sentinel") > 0);
            ok(k.input(configMap(ns, "w", "a: \"1\"", ""), "create", "-f", "-"));
            ok(k.run("-n", ns, "patch", "cm", "w", "--type", "merge", "-p",
                    "{\"data\":{\"a\":\"2\"}}"));
            ok(k.run("-n", ns, "delete", "cm", "w"));
            await().atMost(Duration.ofSeconds(20)).until(() -> count(lines, " w ") >= 3);
        } finally {
            watch.destroy();
            reader.join(5000);
        }
        synchronized (lines) {
            lines.removeIf(l -> l.contains("kube-root-ca.crt")); // the publisher's, not ours
            assertThat(lines).as(String.join("\n", lines)).hasSize(4);
            assertThat(lines.get(0)).startsWith("ADDED").contains("sentinel");
            assertThat(lines.get(1)).startsWith("ADDED").contains(" w ");
            assertThat(lines.get(2)).startsWith("MODIFIED");
            assertThat(lines.get(3)).startsWith("DELETED");
        }
    }

    private static long count(List<String> lines, String text) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(text)).count();
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void diffShowsWhatApplyWouldChange(String version) {
        assertThat(Kubectl.diffProgram()).isExecutable();
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-diff";
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "-f", "-"));
        String blue = configMap(ns, "app", "color: blue", "  labels: {tier: web}\n");
        ok(k.input(blue, "apply", "-f", "-"));

        Kubectl.Result same = k.input(blue, "diff", "-f", "-");
        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.out()).as(same.toString()).isEmpty();

        Kubectl.Result changed = k.input(configMap(ns, "app", "color: green",
                "  labels: {tier: web}\n"), "diff", "-f", "-");
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
        assertThat(changed.out()).as(changed.toString())
                .containsPattern("(?m)^--- .*v1\\.ConfigMap\\." + ns + "\\.app")
                .containsPattern("(?m)^\\+\\+\\+ ")
                .containsPattern("(?m)^-  color: blue$")
                .containsPattern("(?m)^\\+  color: green$");
        assertThat(changed.out().lines().filter(l -> l.startsWith("-") && !l.startsWith("---")))
                .as("only the changed field differs:\n" + changed.out())
                .allMatch(l -> l.contains("color: blue") || l.contains("generation")
                        || l.contains("last-applied-configuration") || l.contains("\"color\""));
        assertThat(ok(k.run("-n", ns, "get", "cm", "app", "-o", "jsonpath={.data.color}")).out())
                .as("diff changes nothing").isEqualTo("blue");

        Kubectl.Result added = k.input(configMap(ns, "new", "size: L", ""), "diff", "-f", "-");
        assertThat(added.exitCode()).as(added.toString()).isEqualTo(1);
        assertThat(added.out()).as(added.toString()).containsPattern("(?m)^\\+  size: L$")
                .containsPattern("(?m)^\\+  name: new$")
                .containsPattern("(?m)^\\+  uid: ");
        assertThat(k.run("-n", ns, "get", "cm", "new").ok()).as("diff creates nothing").isFalse();
    }
}
