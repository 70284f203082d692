package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.testkit.Kubectl;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl explain} against a running j8s prints upstream's descriptions of types and
 * fields, from the OpenAPI v3 document (the default) and from the v2 protobuf document
 * ({@code --output=plaintext-openapiv2}).
 */
class ExplainE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    static Stream<String> versions() {
        return Stream.of("1.27", "1.30", "1.33");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void explainPrintsUpstreamDescriptions(String version) {
        Kubectl k = server.kubectl(version);
        String v3 = ok(k.run("explain", "pods.spec.containers")).out();
        assertThat(v3).contains("FIELD: containers <[]Container>")
                .contains("List of containers belonging to the pod.")
                .contains("A single application container that you want to run within a pod.")
                .contains("Arguments to the entrypoint.")
                .doesNotContain("<empty>");

        String v2 = ok(k.run("explain", "pods.spec.containers",
                "--output=plaintext-openapiv2")).out();
        assertThat(v2).contains("RESOURCE: containers <[]Object>")
                .contains("List of containers belonging to the pod.")
                .contains("Arguments to the entrypoint.")
                .doesNotContain("<empty>");

        assertThat(ok(k.run("explain", "pods.spec")).out())
                .contains("Specification of the desired behavior of the pod.")
                .contains("PodSpec is a description of a pod.");
        assertThat(ok(k.run("explain", "pods.metadata", "--output=plaintext-openapiv2")).out())
                .contains("Standard object's metadata.");
        assertThat(ok(k.run("explain", "deployments")).out())
                .contains("Deployment enables declarative updates for Pods and ReplicaSets.");
        assertThat(ok(k.run("explain", "configmaps.data")).out())
                .contains("Data contains the configuration data.");
    }
}
