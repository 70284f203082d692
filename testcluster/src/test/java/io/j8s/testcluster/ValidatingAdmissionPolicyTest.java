package io.j8s.testcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ValidatingAdmissionPolicyTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    private static void apply(String yaml) {
        cluster.admin().resource(yaml).create();
    }

    @Test
    void aPolicyWithAParamDeniesWithItsMessage() {
        KubernetesClient k = cluster.admin();
        k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("guarded")
                .withLabels(Map.of("policy", "on")).endMetadata().build()).create();
        k.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("limits").endMetadata().withData(Map.of("max", "2")).build()).create();
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: max-keys}
                spec:
                  failurePolicy: Fail
                  paramKind: {apiVersion: v1, kind: ConfigMap}
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}
                  variables:
                  - {name: keys, expression: "has(object.data) ? object.data.size() : 0"}
                  validations:
                  - expression: variables.keys <= int(params.data.max)
                    messageExpression: "'at most ' + params.data.max + ' keys, not ' + string(variables.keys)"
                """);
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: max-keys-binding}
                spec:
                  policyName: max-keys
                  validationActions: [Deny]
                  paramRef: {name: limits, namespace: default, parameterNotFoundAction: Deny}
                  matchResources:
                    namespaceSelector: {matchLabels: {policy: "on"}}
                """);
        var three = new ConfigMapBuilder().withNewMetadata().withName("big").endMetadata()
                .withData(Map.of("a", "1", "b", "2", "c", "3")).build();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> k.configMaps().inNamespace("guarded").resource(three)
                        .create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(422);
                            assertThat(e.getStatus().getMessage()).contains("ValidatingAdmissionPolicy"
                                    + " 'max-keys' with binding 'max-keys-binding' denied request:"
                                    + " at most 2 keys, not 3");
                        }));
        k.configMaps().inNamespace("default").resource(three).create(); // not selected
        k.configMaps().inNamespace("guarded").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("small").endMetadata().withData(Map.of("a", "1")).build()).create();
    }

    @Test
    void aWarnBindingAddsAWarningHeaderAndTheWriteGoesThrough() throws Exception {
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: app-prefix}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: ["*"], operations: ["*"], resources: [secrets]}
                  validations:
                  - expression: object.metadata.name.startsWith('app-')
                    message: names should start with app-
                  - expression: request.userInfo.username == 'admin' && authorizer.group('').resource('secrets').check('create').allowed()
                  auditAnnotations:
                  - {key: creator, valueExpression: "'by ' + request.userInfo.username"}
                """);
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: app-prefix-binding}
                spec:
                  policyName: app-prefix
                  validationActions: [Warn, Audit]
                """);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String name = "s" + System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(cluster.url() + "/api/v1/namespaces/default/secrets"))
                    .header("Authorization", "Bearer " + TestCluster.ADMIN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\","
                            + "\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name + "\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().allValues("Warning")).isEqualTo(List.of("299 - \"Validation"
                    + " failed for ValidatingAdmissionPolicy 'app-prefix' with binding"
                    + " 'app-prefix-binding': names should start with app-\""));
        });
    }

    @Test
    void aPolicyJudgesADeleteByTheStoredObject() {
        KubernetesClient k = cluster.admin();
        k.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("kept").withLabels(Map.of("keep", "yes")).endMetadata().build()).create();
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: no-delete-kept}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [DELETE], resources: [configmaps]}
                  validations:
                  - expression: "object == null && !('keep' in oldObject.metadata.?labels.orValue({}))"
                    message: kept config maps stay
                """);
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: no-delete-kept-binding}
                spec:
                  policyName: no-delete-kept
                  validationActions: [Deny]
                """);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> k.configMaps().inNamespace("default").withName("kept")
                        .delete()).isInstanceOfSatisfying(KubernetesClientException.class, e ->
                        assertThat(e.getStatus().getMessage()).contains("kept config maps stay")));
        assertThat(k.configMaps().inNamespace("default").withName("kept").get()).isNotNull();
        k.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("loose").endMetadata().build()).create();
        k.configMaps().inNamespace("default").withName("loose").delete();
        assertThat(k.configMaps().inNamespace("default").withName("loose").get()).isNull();
    }

    @Test
    void aPolicyThatDoesNotCompileIsRefused() {
        assertThatThrownBy(() -> apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: broken}
                spec:
                  validations:
                  - expression: "object.spec.replicas <"
                """)).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses().get(0).getField())
                            .isEqualTo("spec.validations[0].expression");
                    assertThat(e.getStatus().getDetails().getCauses().get(0).getMessage())
                            .startsWith("Invalid value: \"object.spec.replicas <\": compilation"
                                    + " failed: ERROR: <input>:1:");
                });
    }

    /**
     * matchPolicy Equivalent (the default): a policy whose rule names autoscaling/v1
     * HorizontalPodAutoscalers judges one written at autoscaling/v2 too, converted to v1 (its
     * request's requestResource still the v2 one asked for); with Exact it does not.
     */
    @Test
    void anEquivalentPolicyJudgesAWriteAtAnotherVersionConvertedToItsOwn() {
        KubernetesClient k = cluster.admin();
        for (String policy : List.of("equivalent", "exact")) {
            apply("""
                    apiVersion: admissionregistration.k8s.io/v1
                    kind: ValidatingAdmissionPolicy
                    metadata: {name: hpa-%s}
                    spec:
                      failurePolicy: Fail
                      matchConstraints:
                        matchPolicy: %s
                        resourceRules:
                        - {apiGroups: [autoscaling], apiVersions: [v1], operations: [CREATE], resources: [horizontalpodautoscalers]}
                      validations:
                      - expression: "object.spec.maxReplicas <= 5"
                        messageExpression: "'%s policy saw ' + object.apiVersion + ' as '
                          + request.kind.version + ', asked ' + request.requestResource.version"
                    """.formatted(policy, policy.equals("exact") ? "Exact" : "Equivalent",
                    policy));
            apply("""
                    apiVersion: admissionregistration.k8s.io/v1
                    kind: ValidatingAdmissionPolicyBinding
                    metadata: {name: hpa-%s}
                    spec:
                      policyName: hpa-%s
                      validationActions: [Deny]
                    """.formatted(policy, policy));
        }
        String v2 = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: %s, namespace: default}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 1
                  maxReplicas: 10
                """;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> k.resource(v2.formatted("big")).create())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(422);
                            assertThat(e.getStatus().getMessage())
                                    .contains("equivalent policy saw autoscaling/v1 as v1, asked v2")
                                    .doesNotContain("exact policy");
                        }));
        k.resource("apiVersion: admissionregistration.k8s.io/v1\n"
                + "kind: ValidatingAdmissionPolicyBinding\nmetadata: {name: hpa-equivalent}\n")
                .delete();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(k.resource(v2.formatted("allowed")).create().getMetadata().getName())
                        .isEqualTo("allowed"));
    }

    @Test
    void expressionsWrongForACustomResourceSchemaBecomeStatusWarnings() {
        KubernetesClient k = cluster.admin();
        apply("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gadgets.typed.example.com}
                spec:
                  group: typed.example.com
                  scope: Namespaced
                  names: {plural: gadgets, singular: gadget, kind: Gadget, listKind: GadgetList}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer}
                              name: {type: string}
                """);
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: gadget-size}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [typed.example.com], apiVersions: [v1], operations: [CREATE], resources: [gadgets]}
                  variables:
                  - {name: size, expression: object.spec.size}
                  validations:
                  - expression: variables.size > 0 && object.spec.name != '' && !('x' in object.metadata.labels)
                  - expression: object.spec.nosuch == 1
                    messageExpression: "'size ' + variables.size"
                """);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var status = k.admissionRegistration().v1().validatingAdmissionPolicies()
                    .withName("gadget-size").get().getStatus();
            assertThat(status).isNotNull();
            assertThat(status.getObservedGeneration()).isEqualTo(1L);
            assertThat(status.getTypeChecking()).isNotNull();
            assertThat(status.getTypeChecking().getExpressionWarnings())
                    .extracting(w -> w.getFieldRef() + " => " + w.getWarning())
                    .containsExactly(
                            "spec.validations[1].expression => typed.example.com/v1,"
                                    + " Kind=Gadget: ERROR: <input>:1:12: undefined field 'nosuch'\n"
                                    + " | object.spec.nosuch == 1\n | ...........^\n",
                            "spec.validations[1].messageExpression => typed.example.com/v1,"
                                    + " Kind=Gadget: ERROR: <input>:1:9: found no matching overload"
                                    + " for '_+_' applied to '(string, int)'\n"
                                    + " | 'size ' + variables.size\n | ........^\n");
        });
    }

    /** Wrong only for the types of {@code request} and {@code namespaceObject}. */
    private static final String TYPED =
            "request.userName == '' || namespaceObject.spec.finalizers.startsWith('k')";

    @Test
    void expressionsWrongForABuiltInKindBecomeStatusWarnings() {
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: deployment-replicas}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
                  validations:
                  - expression: object.spec.replicas <= 5 && object.spec.template.spec.containers.all(c, c.image != '')
                  - expression: object.spec.replicas.startsWith('a')
                  - expression: request.userInfo.username != '' && request.requestKind.kind == 'Deployment'
                      && request.userInfo.extra.all(k, size(request.userInfo.extra[k]) > 0)
                      && namespaceObject.metadata.name != '' && request.options != null
                  - expression: request.userName == '' || namespaceObject.spec.finalizers.startsWith('k')
                """);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var status = cluster.admin().admissionRegistration().v1()
                    .validatingAdmissionPolicies().withName("deployment-replicas").get().getStatus();
            assertThat(status).isNotNull();
            assertThat(status.getTypeChecking()).isNotNull();
            assertThat(status.getTypeChecking().getExpressionWarnings())
                    .extracting(w -> w.getFieldRef() + " => " + w.getWarning())
                    .containsExactly("spec.validations[1].expression => apps/v1, Kind=Deployment:"
                            + " ERROR: <input>:1:32: found no matching overload for 'startsWith'"
                            + " applied to 'int.(string)'\n | object.spec.replicas.startsWith('a')"
                            + "\n | ...............................^\n",
                            "spec.validations[3].expression => apps/v1, Kind=Deployment:"
                            + " ERROR: <input>:1:8: undefined field 'userName'\n | " + TYPED
                            + "\n | .......^\nERROR: <input>:1:69: found no matching overload for"
                            + " 'startsWith' applied to 'list(string).(string)'\n | " + TYPED + "\n | "
                            + ".".repeat(68) + "^\n");
        });
    }
}
