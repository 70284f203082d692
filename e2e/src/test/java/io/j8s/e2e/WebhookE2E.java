package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.testcluster.HttpsTestServer;
import io.j8s.testkit.Directories;
import io.j8s.testkit.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admission webhooks against a running j8s with the real kubectl: {@code kubectl apply} of a
 * mutating and a validating webhook configuration served by a small HTTPS server on 127.0.0.1,
 * then a ConfigMap that the mutating webhook labels (its warning printed by kubectl) and one the
 * validating webhook denies with its message.
 */
class WebhookE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static Kubectl k;
    private static Path dir;
    private static HttpsTestServer webhooks;

    @BeforeAll
    static void start() throws Exception {
        k = server.kubectl(null);
        dir = Files.createTempDirectory("j8s-webhook-e2e");
        webhooks = HttpsTestServer.start(dir, seen -> {
            ObjectNode review = seen.json();
            JsonNode request = review.path("request");
            ObjectNode r = Json.MAPPER.createObjectNode().put("uid", request.path("uid").asText());
            if (seen.path().startsWith("/mutate")) {
                String patch = "[{\"op\":\"add\",\"path\":\"/metadata/labels\","
                        + "\"value\":{\"stamped-by\":\"webhook\"}}]";
                r.put("allowed", true).put("patchType", "JSONPatch").put("patch", Base64
                        .getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
                r.putArray("warnings").add("stamped by the test webhook");
            } else {
                boolean refused = request.path("name").asText().startsWith("forbidden-");
                r.put("allowed", !refused);
                r.putObject("status").put("code", 403).put("message", "forbidden-* is not allowed");
            }
            ObjectNode out = Json.MAPPER.createObjectNode()
                    .put("apiVersion", review.path("apiVersion").asText())
                    .put("kind", "AdmissionReview");
            out.set("response", r);
            return HttpsTestServer.Answer.json(out);
        });
    }

    @AfterAll
    static void stop() {
        if (webhooks != null) {
            webhooks.close();
        }
        if (dir != null) {
            Directories.deleteRecursively(dir);
        }
    }

    private static String configuration(String kind, String name, String path) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: %s
                metadata: {name: %s}
                webhooks:
                - name: %s.e2e.j8s.io
                  clientConfig:
                    url: "%s"
                    caBundle: %s
                  rules:
                  - operations: [CREATE]
                    apiGroups: [""]
                    apiVersions: [v1]
                    resources: [configmaps]
                  sideEffects: None
                  admissionReviewVersions: [v1]
                  timeoutSeconds: 5
                """.formatted(kind, name, name, webhooks.url(path), webhooks.caBundle());
    }

    @Test
    void kubectlSeesTheMutationTheWarningAndTheDenial() {
        ok(k.input(configuration("MutatingWebhookConfiguration", "stamp", "/mutate") + "---\n"
                + configuration("ValidatingWebhookConfiguration", "guard", "/validate"),
                "apply", "-f", "-"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String name = "cm-" + System.nanoTime();
            Kubectl.Result created = ok(k.run("create", "configmap", name, "--from-literal=a=b"));
            assertThat(created.err()).contains("Warning: stamped by the test webhook");
            assertThat(ok(k.run("get", "configmap", name, "-o",
                    "jsonpath={.metadata.labels.stamped-by}")).out()).isEqualTo("webhook");
        });
        Kubectl.Result denied = k.run("create", "configmap", "forbidden-one",
                "--from-literal=a=b");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.err()).contains("admission webhook \"guard.e2e.j8s.io\" denied the"
                + " request: forbidden-* is not allowed");
        assertThat(ok(k.run("get", "validatingwebhookconfigurations", "guard", "-o",
                "jsonpath={.webhooks[0].failurePolicy} {.webhooks[0].timeoutSeconds}")).out())
                .isEqualTo("Fail 5");
    }
}
