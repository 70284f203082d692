package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static io.j8s.testkit.Kubectl.ok;

import io.j8s.testkit.Kubectl;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl apply --server-side} against a running j8s: create, change, conflicts with
 * other field managers and forcing them, managedFields as kubectl shows them.
 */
class ServerSideApplyE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    static Stream<String> versions() {
        return Stream.of("1.27", "1.30", "1.33");
    }

    private static String configMap(String ns, String name, String data) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: "
                + ns + "\n  labels:\n    app: web\ndata:\n" + data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void applyCreatesChangesConflictsAndForces(String version) {
        Kubectl k = server.kubectl(version);
        String ns = "ssa-" + version.replace('.', '-');
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "--validate=false", "-f", "-"));

        ok(k.input(configMap(ns, "cfg", "  color: blue\n  size: L\n"), "apply", "--server-side",
                "--validate=false", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "jsonpath={.data}")).out())
                .contains("\"color\":\"blue\"").contains("\"size\":\"L\"");

        // dropping size from the applied configuration removes it
        ok(k.input(configMap(ns, "cfg", "  color: green\n"), "apply", "--server-side",
                "--validate=false", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "jsonpath={.data}")).out())
                .contains("\"color\":\"green\"").doesNotContain("size");

        Kubectl.Result conflict = k.input(configMap(ns, "cfg", "  color: red\n"), "apply",
                "--server-side", "--field-manager=other", "--validate=false", "-f", "-");
        assertThat(conflict.ok()).isFalse();
        assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with"
                + " \"kubectl\": .data.color");

        ok(k.input(configMap(ns, "cfg", "  color: red\n"), "apply", "--server-side",
                "--field-manager=other", "--force-conflicts", "--validate=false", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "jsonpath={.data.color}")).out())
                .isEqualTo("red");

        String yaml = ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "yaml",
                "--show-managed-fields")).out();
        assertThat(yaml).contains("manager: kubectl").contains("manager: other")
                .contains("operation: Apply").contains("fieldsType: FieldsV1")
                .contains("f:app: {}");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void applySwitchesFromClientSideToServerSideAndBack(String version) {
        Kubectl k = server.kubectl(version);
        String ns = "csa-" + version.replace('.', '-');
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "--validate=false", "-f", "-"));
        ok(k.input(configMap(ns, "cfg", "  color: blue\n"), "apply", "--validate=false",
                "-f", "-"));
        // what client-side apply set and nobody changed since passes to the server-side applier
        ok(k.input(configMap(ns, "cfg", "  color: red\n"), "apply", "--server-side",
                "--validate=false", "-f", "-"));
        String yaml = ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "yaml",
                "--show-managed-fields")).out();
        assertThat(yaml).contains("manager: kubectl\n").contains("color: red")
                .doesNotContain("manager: kubectl-client-side-apply");
        String annotation = "jsonpath={.metadata.annotations"
                + ".kubectl\\.kubernetes\\.io/last-applied-configuration}";
        assertThat(ok(k.run("-n", ns, "get", "cm", "cfg", "-o", annotation)).out())
                .contains("\"color\":\"red\"");

        // and back: client-side apply follows the annotation server-side apply kept in step
        ok(k.input(configMap(ns, "cfg", "  color: green\n  size: L\n"), "apply",
                "--validate=false", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "jsonpath={.data}")).out())
                .contains("\"color\":\"green\"").contains("\"size\":\"L\"");
        ok(k.input(configMap(ns, "cfg", "  color: yellow\n"), "apply", "--server-side",
                "--validate=false", "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "jsonpath={.data}")).out())
                .contains("\"color\":\"yellow\"").doesNotContain("size");

        // a field someone else changed since the client-side apply still conflicts
        ok(k.input(configMap(ns, "other", "  color: blue\n"), "apply", "--validate=false",
                "-f", "-"));
        ok(k.run("-n", ns, "patch", "cm", "other", "--type=merge", "-p",
                "{\"data\":{\"color\":\"pink\"}}"));
        Kubectl.Result conflict = k.input(configMap(ns, "other", "  color: red\n"), "apply",
                "--server-side", "--validate=false", "-f", "-");
        assertThat(conflict.ok()).isFalse();
        assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with"
                + " \"kubectl-patch\" using v1: .data.color");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void unknownFieldsFailStrictWarnOtherwiseAndAreNeverStored(String version) throws Exception {
        Kubectl k = server.kubectl(version);
        String ns = "fv-" + version.replace('.', '-');
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "--validate=false", "-f", "-"));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("cm", ".json");
        java.nio.file.Files.writeString(file, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"strict\",\"colour\":1},\"data\":{\"a\":\"b\"},"
                + "\"spec\":{\"replicaz\":2}}");
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        Kubectl.Result strict = k.run("create", "--raw", path + "?fieldValidation=Strict", "-f",
                file.toString());
        assertThat(strict.ok()).isFalse();
        assertThat(strict.err()).contains("strict decoding error: unknown field"
                + " \"metadata.colour\", unknown field \"spec\"");
        assertThat(k.run("-n", ns, "get", "cm", "strict").ok()).isFalse();

        Kubectl.Result warned = ok(k.run("create", "--raw", path + "?fieldValidation=Warn",
                "-f", file.toString()));
        assertThat(warned.err()).contains("unknown field \"metadata.colour\"")
                .contains("unknown field \"spec\"");
        String stored = ok(k.run("-n", ns, "get", "cm", "strict", "-o", "json")).out();
        assertThat(stored).doesNotContain("colour").doesNotContain("replicaz");

        java.nio.file.Files.writeString(file, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"twice\"},\"data\":{\"a\":\"b\",\"a\":\"c\"}}");
        Kubectl.Result duplicate = k.run("create", "--raw", path + "?fieldValidation=Strict",
                "-f", file.toString());
        assertThat(duplicate.err()).contains("strict decoding error: duplicate field \"data.a\"");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void updatesAreOwnedByTheManagerTheUserAgentNames(String version) {
        Kubectl k = server.kubectl(version);
        String ns = "mf-" + version.replace('.', '-');
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "--validate=false", "-f", "-"));
        ok(k.input(configMap(ns, "cfg", "  color: blue\n"), "create", "--validate=false",
                "-f", "-"));
        ok(k.run("-n", ns, "label", "cm", "cfg", "tier=front"));
        String yaml = ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "yaml",
                "--show-managed-fields")).out();
        assertThat(yaml).contains("manager: kubectl-create").contains("manager: kubectl-label")
                .contains("operation: Update").contains("f:tier: {}");
        assertThat(ok(k.run("-n", ns, "get", "cm", "cfg", "-o", "yaml")).out())
                .doesNotContain("managedFields");
    }

    private static String deployment(String ns, int replicas, String image) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: " + ns
                + "\nspec:\n  replicas: " + replicas
                + "\n  selector:\n    matchLabels: {app: web}\n"
                + "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
                + "      containers:\n      - name: web\n        image: " + image + "\n"
                + "        ports:\n        - containerPort: 80\n";
    }

    @ParameterizedTest
    @MethodSource("versions")
    void deploymentsMergeContainersByNameAndPortsByPortAndProtocol(String version) {
        Kubectl k = server.kubectl(version);
        String ns = "ssa-deploy-" + version.replace('.', '-');
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n",
                "create", "--validate=false", "-f", "-"));
        ok(k.input(deployment(ns, 2, "nginx:1"), "apply", "--server-side", "--validate=false",
                "-f", "-"));
        ok(k.input(deployment(ns, 2, "nginx:2"), "apply", "--server-side", "--validate=false",
                "-f", "-"));
        assertThat(ok(k.run("-n", ns, "get", "deploy", "web", "-o",
                "jsonpath={.spec.template.spec.containers[*].image}"
                        + " {.spec.template.spec.containers[0].ports[*].containerPort}")).out())
                .isEqualTo("nginx:2 80");
        Kubectl.Result conflict = k.input(deployment(ns, 5, "nginx:2"), "apply",
                "--server-side", "--field-manager=scaler", "--validate=false", "-f", "-");
        assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with"
                + " \"kubectl\": .spec.replicas");
        String yaml = ok(k.run("-n", ns, "get", "deploy", "web", "-o", "yaml",
                "--show-managed-fields")).out();
        assertThat(yaml).contains("k:{\"name\":\"web\"}:")
                .contains("k:{\"containerPort\":80,\"protocol\":\"TCP\"}:");
    }
}
