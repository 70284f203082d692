package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A ValidatingAdmissionPolicy applied with the real kubectl: a Deny binding refuses a create
 * with the policy's message, a Warn binding lets it through and kubectl prints the warning.
 */
class ValidatingAdmissionPolicyE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();
    private static Kubectl k;

    @BeforeAll
    static void start() throws Exception {
        k = server.kubectl(null);
    }

    @Test
    void kubectlSeesADenialAndAWarning() {
        ok(k.input("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: small-configmaps}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}
                  validations:
                  - expression: "!has(object.data) || object.data.size() <= 2"
                    message: a ConfigMap may have at most 2 keys
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: small-configmaps}
                spec:
                  policyName: small-configmaps
                  validationActions: [Deny]
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: labelled-configmaps}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
                  validations:
                  - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
                    messageExpression: "'configmap ' + object.metadata.name + ' has no team label'"
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: labelled-configmaps}
                spec:
                  policyName: labelled-configmaps
                  validationActions: [Warn]
                """, "apply", "-f", "-"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Kubectl.Result denied = k.run("create", "configmap", "big-" + System.nanoTime(),
                    "--from-literal=a=1", "--from-literal=b=2", "--from-literal=c=3");
            assertThat(denied.ok()).isFalse();
            assertThat(denied.err()).contains("ValidatingAdmissionPolicy 'small-configmaps' with"
                    + " binding 'small-configmaps' denied request: a ConfigMap may have at most"
                    + " 2 keys");
        });
        Kubectl.Result warned = ok(k.run("create", "configmap", "plain", "--from-literal=a=1"));
        assertThat(warned.err()).contains("Warning: Validation failed for"
                + " ValidatingAdmissionPolicy 'labelled-configmaps' with binding"
                + " 'labelled-configmaps': configmap plain has no team label");
        assertThat(warned.out()).contains("configmap/plain created");
    }
}
