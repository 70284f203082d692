package io.j8s.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kubectl (every version installed, 1.27 to 1.33) creates objects against a capturing
 * server. From 1.32 on its bodies are protobuf and {@link Protobuf} must read what the user
 * typed; before, they are JSON, so the same expectations hold the decoder to the JSON kubectl
 * itself wrote.
 */
class KubectlProtobufIT {
    @TempDir
    Path home;
    private CapturingApiServer.Post lastPost;

    /** Every kubectl these machines carry; one that is missing fails its cases. */
    static Stream<String> kubectls() {
        return Stream.of("/usr/bin/kubectl", "/usr/lib/google-cloud-sdk/bin/kubectl.1.27",
                "/usr/lib/google-cloud-sdk/bin/kubectl.1.28", "/usr/lib/google-cloud-sdk/bin/kubectl.1.29",
                "/usr/lib/google-cloud-sdk/bin/kubectl.1.30", "/usr/lib/google-cloud-sdk/bin/kubectl.1.31",
                "/usr/lib/google-cloud-sdk/bin/kubectl.1.32", "/usr/lib/google-cloud-sdk/bin/kubectl.1.33");
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void createNamespace(String kubectl) throws Exception {
        ObjectNode ns = create(kubectl, "create", "namespace", "demo");

        assertThat(ns).isEqualTo(ProtobufBodies.json("""
                {"apiVersion":"v1","kind":"Namespace",
                 "metadata":{"name":"demo","creationTimestamp":null},"spec":{},"status":{}}"""));
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void createConfigMap(String kubectl) throws Exception {
        ObjectNode cm = create(kubectl, "create", "configmap", "c1", "--from-literal=a=b",
                "--from-literal=empty=", "-n", "default");

        assertThat(cm.get("kind").asText()).isEqualTo("ConfigMap");
        assertThat(cm.at("/metadata/name").asText()).isEqualTo("c1");
        assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("default");
        assertThat(cm.get("data")).isEqualTo(ProtobufBodies.json("{\"a\":\"b\",\"empty\":\"\"}"));
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void createSecret(String kubectl) throws Exception {
        ObjectNode secret = create(kubectl, "create", "secret", "generic", "s1",
                "--from-literal=password=hunter2");

        assertThat(secret.at("/data/password").asText()).isEqualTo("aHVudGVyMg==");
        assertThat(secret.has("type")).as("kubectl leaves the type to the server's default").isFalse();
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void createDeployment(String kubectl) throws Exception {
        ObjectNode d = create(kubectl, "create", "deployment", "web", "--image=nginx",
                "--replicas=2", "--port=80");

        assertThat(d.get("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(d.get("kind").asText()).isEqualTo("Deployment");
        assertThat(d.at("/metadata/name").asText()).isEqualTo("web");
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(d.at("/spec/selector/matchLabels/app").asText()).isEqualTo("web");
        assertThat(d.at("/spec/template/spec/containers")).isEqualTo(ProtobufBodies.json("""
                {"c":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}],"resources":{}}]}""")
                .get("c"));
        assertThat(d.at("/spec/template/metadata/creationTimestamp").isNull()).isTrue();
        assertThat(d.get("status")).isEqualTo(ProtobufBodies.json("{}"));
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void createServiceWithTargetPort(String kubectl) throws Exception {
        ObjectNode svc = create(kubectl, "create", "service", "clusterip", "web", "--tcp=80:8080");

        assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(80);
        assertThat(svc.at("/spec/ports/0/targetPort").isInt()).isTrue();
        assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
        assertThat(svc.at("/spec/type").asText()).isEqualTo("ClusterIP");
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void fromKubectl132OnBodiesAreProtobufBeforeJson(String kubectl) throws Exception {
        create(kubectl, "create", "namespace", "demo");

        boolean protobuf = minorVersion(kubectl) >= 32;
        assertThat(lastPost.isProtobuf()).as(lastPost.contentType()).isEqualTo(protobuf);
    }

    private static int minorVersion(String kubectl) throws Exception {
        Process p = new ProcessBuilder(kubectl, "version", "--client", "-o", "json")
                .redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Matcher minor = Pattern.compile("\"minor\":\\s*\"(\\d+)").matcher(version);
        return minor.find() ? Integer.parseInt(minor.group(1)) : 0;
    }

    /** Runs kubectl against a capturing server; returns its one POST body, decoded. */
    private ObjectNode create(String kubectl, String... args) throws Exception {
        assertThat(Path.of(kubectl)).as("kubectl must be installed for this test").isExecutable();
        try (CapturingApiServer server = new CapturingApiServer()) {
            Path kubeconfig = Files.writeString(home.resolve("kubeconfig"), "");
            List<String> command = new ArrayList<>(List.of(kubectl, "--server", server.url(),
                    "--cache-dir", home.resolve("cache").toString(), "--validate=false"));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("KUBECONFIG", kubeconfig.toString());
            pb.environment().put("HOME", home.toString());
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("kubectl: " + output).isZero();
            assertThat(output).contains("created");
            assertThat(server.posts).hasSize(1);
            lastPost = server.posts.getFirst();
            return lastPost.decoded();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
