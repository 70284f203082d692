package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static io.j8s.testkit.Kubectl.ok;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.codec.Json;
import io.j8s.testkit.Kubectl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kubectl (oldest, middle, newest, and the installed one) validating against the
 * server's OpenAPI: create without --validate=false, strict validation of unknown and missing
 * fields, explain, and apply's list merging. The Deployment parts run when the catalogue serves
 * apps/v1 Deployments; the rest uses core kinds.
 */
class OpenApiKubectlIT {
    private static final boolean DEPLOYMENTS = ResourceCatalogue.builtIn()
            .findKind("apps/v1", "Deployment").isPresent();
    @RegisterExtension
    static final TestApiServer server = TestApiServer.plain();

    static Stream<String> versions() {
        return Stream.of("1.27", "1.30", "1.33", "installed");
    }

    private static Kubectl kubectl(String version) {
        Kubectl k = version.equals("installed") ? Kubectl.installed() : Kubectl.version(version);
        return k.with("--server", "http://127.0.0.1:" + server.port(),
                "--cache-dir", server.dir().resolve("cache-" + version).toString());
    }

    private static String ns(String version) {
        return "openapi-" + version.replace('.', '-');
    }

    /** Creates a namespace from YAML: 1.32+ sends `create namespace` as protobuf. */
    private static void namespace(Kubectl k, String ns) {
        ok(k.input("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n", "create",
                "-f", "-"));
    }

    private static String deployment(String ns, String name, String specExtra) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name
                + "\n  namespace: " + ns + "\nspec:\n" + specExtra
                + "  selector:\n    matchLabels: {app: " + name + "}\n"
                + "  template:\n    metadata:\n      labels: {app: " + name + "}\n"
                + "    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n"
                + "        ports: [{containerPort: 80}]\n"
                + "        resources: {requests: {cpu: 100m}, limits: {memory: 128Mi}}\n";
    }

    private static String pod(String ns, String name, String specExtra, String firstEnv) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nspec:\n" + specExtra + "  containers:\n"
                + "  - name: app\n    image: busybox:1\n    ports: [{containerPort: 8080}]\n"
                + "    env: [{name: MODE, value: \"" + firstEnv + "\"}]\n"
                + "    livenessProbe: {httpGet: {path: /, port: 8080}}\n"
                + "  - name: sidecar\n    image: busybox:1\n";
    }

    /** A PodTemplate: a pod spec that, unlike a pod's, may change after creation. */
    private static String podTemplate(String ns, String name, String firstEnv) {
        return "apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: " + name + "\n  namespace: "
                + ns + "\ntemplate:\n  spec:\n    containers:\n"
                + "    - name: app\n      image: busybox:1\n      ports: [{containerPort: 8080}]\n"
                + "      env: [{name: MODE, value: \"" + firstEnv + "\"}]\n"
                + "    - name: sidecar\n      image: busybox:1\n";
    }

    @ParameterizedTest
    @MethodSource("versions")
    void createValidatesAgainstTheServersOpenApi(String version) {
        Kubectl k = kubectl(version);
        String ns = ns(version);
        String manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: "
                + ns + "\ndata:\n  color: blue\n"
                + (DEPLOYMENTS ? "---\n" + deployment(ns, "web", "  replicas: 2\n") : "");
        String out = ok(k.input(manifest, "create", "-f", "-")).out();
        assertThat(out).contains("namespace/" + ns + " created")
                .contains("configmap/settings created");
        if (DEPLOYMENTS) {
            assertThat(out).contains("deployment.apps/web created");
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void unknownAndMissingFieldsFailClientSideValidation(String version) {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-strict";
        namespace(k, ns);
        // kubectl validates a List on the client, against /openapi/v2 (gnostic protobuf).
        String item = DEPLOYMENTS
                ? deployment(ns, "bad", "  replicaz: 2\n")
                : pod(ns, "bad", "  replicaz: 2\n", "a");
        Kubectl.Result unknown = k.input(asList(item), "create", "-f", "-");
        assertThat(unknown.ok()).as(unknown.toString()).isFalse();
        assertThat(unknown.err()).contains("unknown field \"replicaz\"")
                .contains(DEPLOYMENTS ? "io.k8s.api.apps.v1.DeploymentSpec"
                        : "io.k8s.api.core.v1.PodSpec");

        String nameless = pod(ns, "nameless", "", "a").replace("- name: sidecar\n    image",
                "- image");
        Kubectl.Result missing = k.input(asList(nameless), "create", "-f", "-");
        assertThat(missing.ok()).as(missing.toString()).isFalse();
        assertThat(missing.err()).contains("missing required field \"name\"")
                .contains("io.k8s.api.core.v1.Container");

        ok(k.input(asList(pod(ns, "fine", "", "a")), "create", "-f", "-"));
    }

    private static String asList(String item) {
        StringBuilder out = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
        boolean first = true;
        for (String line : item.split("\n")) {
            out.append(first ? "- " : "  ").append(line).append('\n');
            first = false;
        }
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void singleObjectsAreLeftToServerSideFieldValidation(String version) {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-server";
        namespace(k, ns);
        // The v3 documents advertise fieldValidation on every PATCH, so kubectl asks the server
        // to validate strictly instead of validating one object itself.
        Kubectl.Result r = k.input(pod(ns, "checked", "", "a"), "create", "-f", "-", "-v=6");
        ok(r);
        assertThat(r.err()).contains("fieldValidation=Strict");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void explainPrintsTheFields(String version) {
        Kubectl k = kubectl(version);
        String containers = ok(k.run("explain", "pods.spec.containers")).out();
        assertThat(containers).contains("FIELD: containers <[]Container>")
                .containsPattern("name\\s+<string> -required-")
                .containsPattern("ports\\s+<\\[\\]ContainerPort>")
                .containsPattern("resources\\s+<ResourceRequirements>");
        if (DEPLOYMENTS) {
            String spec = ok(k.run("explain", "deployment.spec")).out();
            assertThat(spec).contains("GROUP:      apps")
                    .containsPattern("replicas\\s+<integer>")
                    .containsPattern("template\\s+<PodTemplateSpec> -required-");
        }
    }

    @ParameterizedTest
    @MethodSource("versions")
    void applyMergesContainerListsByName(String version) {
        Kubectl k = kubectl(version);
        String ns = ns(version) + "-apply";
        namespace(k, ns);
        ok(k.input(podTemplate(ns, "merged", "first"), "apply", "-f", "-"));
        ok(k.run("-n", ns, "patch", "podtemplate", "merged", "-p",
                "{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"workingDir\":\"/tmp\"}]}}}"));
        ok(k.input(podTemplate(ns, "merged", "second"), "apply", "-f", "-"));
        String env = ok(k.run("-n", ns, "get", "podtemplate", "merged", "-o",
                "jsonpath={.template.spec.containers[?(@.name==\"app\")].env[0].value}")).out();
        assertThat(env).isEqualTo("second");
        String names = ok(k.run("-n", ns, "get", "podtemplate", "merged", "-o",
                "jsonpath={.template.spec.containers[*].name}")).out();
        assertThat(names).isEqualTo("app sidecar");
        // Merged by name, the sidecar kept the field patched in between, which the manifest does
        // not mention; a containers list replaced whole would have dropped it.
        assertThat(ok(k.run("-n", ns, "get", "podtemplate", "merged", "-o",
                "jsonpath={.template.spec.containers[1].workingDir}")).out()).isEqualTo("/tmp");
    }

    @Test
    void hashedV3DocumentsMayBeCachedForever() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<byte[]> index = http.send(HttpRequest.newBuilder(URI.create(base
                + "/openapi/v3")).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode paths = Json.MAPPER.readTree(index.body()).path("paths");
        String url = paths.path("api/v1").path("serverRelativeURL").asText();
        HttpResponse<byte[]> hashed = http.send(HttpRequest.newBuilder(URI.create(base + url))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(hashed.statusCode()).isEqualTo(200);
        assertThat(hashed.headers().firstValue("Cache-Control")).hasValue("public, immutable");
        HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(URI.create(base
                + "/openapi/v3/api/v1")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("no-cache, private");
        assertThat(plain.body()).isEqualTo(hashed.body());
    }
}
