package io.j8s.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The definitions kubectl reads for validation, explain and apply: the fields of Pod, Deployment,
 * ConfigMap and Service under upstream's names, the special apimachinery types, and the merge keys
 * strategic merge patches and server-side apply rely on.
 */
class OpenApiSchemaTest {
    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static JsonNode v2;
    private static Map<String, JsonNode> v3;

    @BeforeAll
    static void build() throws Exception {
        OpenApiDocuments docs = new OpenApiDocuments(SampleCatalogue.of());
        v2 = read(docs.serve("/openapi/v2", "", "application/json").orElseThrow().body());
        v3 = new java.util.TreeMap<>();
        JsonNode index = read(docs.serve("/openapi/v3", "", "").orElseThrow().body());
        for (Map.Entry<String, JsonNode> e : index.path("paths").properties()) {
            v3.put(e.getKey(), read(docs.serve("/openapi/v3/" + e.getKey(), "", "")
                    .orElseThrow().body()));
        }
    }

    private static JsonNode read(byte[] body) throws Exception {
        return Json.MAPPER.readTree(body);
    }

    private static JsonNode definition(String name) {
        JsonNode d = v2.path("definitions").path(name);
        assertThat(d.isMissingNode()).as("definition " + name).isFalse();
        return d;
    }

    private static JsonNode v3Schema(String groupVersion, String name) {
        JsonNode d = v3.get(groupVersion).path("components").path("schemas").path(name);
        assertThat(d.isMissingNode()).as("v3 schema " + name + " in " + groupVersion).isFalse();
        return d;
    }

    @Test
    void podHasUpstreamNamesAndTypes() {
        JsonNode pod = definition(CORE + "Pod");
        assertThat(pod.path("properties").path("metadata").path("$ref").asText())
                .isEqualTo("#/definitions/" + META + "ObjectMeta");
        assertThat(pod.path("properties").path("spec").path("$ref").asText())
                .isEqualTo("#/definitions/" + CORE + "PodSpec");
        assertThat(pod.path("x-kubernetes-group-version-kind").toString())
                .isEqualTo("[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]");

        JsonNode container = definition(CORE + "Container");
        assertThat(container.path("required").toString()).isEqualTo("[\"name\"]");
        assertThat(container.path("properties").path("image").path("type").asText())
                .isEqualTo("string");
        JsonNode limits = definition(CORE + "ResourceRequirements").path("properties")
                .path("limits");
        assertThat(limits.path("type").asText()).isEqualTo("object");
        assertThat(limits.path("additionalProperties").path("$ref").asText())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(definition(CORE + "PodSpec").path("properties")
                .path("terminationGracePeriodSeconds").path("format").asText()).isEqualTo("int64");
        assertThat(definition(CORE + "ContainerPort").path("properties").path("containerPort")
                .path("format").asText()).isEqualTo("int32");
        assertThat(definition(CORE + "HTTPGetAction").path("properties").path("port")
                .path("$ref").asText())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(definition(META + "ObjectMeta").path("properties").path("creationTimestamp")
                .path("$ref").asText()).isEqualTo("#/definitions/" + META + "Time");
    }

    @Test
    void typesAndFieldsCarryUpstreamDescriptions() {
        JsonNode pod = definition(CORE + "Pod");
        assertThat(pod.path("description").asText())
                .startsWith("Pod is a collection of containers that can run on a host.");
        JsonNode containers = definition(CORE + "PodSpec").path("properties").path("containers");
        assertThat(containers.path("description").asText())
                .startsWith("List of containers belonging to the pod.");
        assertThat(definition(CORE + "Container").path("properties").path("image")
                .path("description").asText()).startsWith("Container image name.");
        assertThat(definition("io.k8s.api.apps.v1.DeploymentList").path("properties")
                .path("items").path("description").asText())
                .isEqualTo("Items is the list of Deployments.");

        // a field whose type is another object: its description comes from the proto comments
        assertThat(pod.path("properties").path("spec").path("description").asText())
                .startsWith("Specification of the desired behavior of the pod. More info: https:");
        assertThat(pod.path("properties").path("spec").path("$ref").asText())
                .isEqualTo("#/definitions/" + CORE + "PodSpec");
        JsonNode spec3 = v3Schema("api/v1", CORE + "Pod").path("properties").path("spec");
        assertThat(spec3.path("allOf").path(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/" + CORE + "PodSpec");
        assertThat(spec3.path("description").asText())
                .startsWith("Specification of the desired behavior of the pod.");

        // OpenAPI 3 ignores a $ref's siblings: a described $ref is wrapped in allOf, as upstream.
        JsonNode owner = v3Schema("api/v1", META + "ObjectMeta").path("properties")
                .path("ownerReferences");
        assertThat(owner.path("description").asText()).startsWith("List of objects depended");
        JsonNode created = v3Schema("api/v1", META + "ObjectMeta").path("properties")
                .path("creationTimestamp");
        assertThat(created.path("allOf").path(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/" + META + "Time");
        assertThat(created.path("description").asText()).startsWith("CreationTimestamp is a");
    }

    @Test
    void specialTypesReadAsUpstreamWritesThem() {
        assertThat(definition("io.k8s.apimachinery.pkg.api.resource.Quantity").path("type")
                .asText()).isEqualTo("string");
        JsonNode intOrString = definition("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(intOrString.path("type").asText()).isEqualTo("string");
        assertThat(intOrString.path("format").asText()).isEqualTo("int-or-string");
        assertThat(definition(META + "Time").path("format").asText()).isEqualTo("date-time");

        JsonNode quantity3 = v3Schema("api/v1", "io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(quantity3.path("oneOf").toString())
                .isEqualTo("[{\"type\":\"string\"},{\"type\":\"number\"}]");
        JsonNode intOrString3 = v3Schema("api/v1", "io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(intOrString3.path("oneOf").toString())
                .isEqualTo("[{\"type\":\"integer\"},{\"type\":\"string\"}]");
    }

    @Test
    void noDefinitionHasTheAdditionalPropertiesCatchAllAsAField() {
        for (Map.Entry<String, JsonNode> d : v2.path("definitions").properties()) {
            assertThat(d.getValue().path("properties").has("additionalProperties"))
                    .as(d.getKey()).isFalse();
        }
    }

    @Test
    void configMapAndServiceFields() {
        JsonNode cm = definition(CORE + "ConfigMap").path("properties");
        assertThat(cm.path("data").path("additionalProperties").path("type").asText())
                .isEqualTo("string");
        assertThat(cm.path("immutable").path("type").asText()).isEqualTo("boolean");
        JsonNode ports = definition(CORE + "ServiceSpec").path("properties").path("ports");
        assertThat(ports.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("port");
        assertThat(ports.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(v3Schema("api/v1", CORE + "ServiceSpec").path("properties").path("ports")
                .path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"port\",\"protocol\"]");
        assertThat(definition(CORE + "ServicePort").path("properties").path("targetPort")
                .path("$ref").asText()).endsWith("IntOrString");
    }

    @Test
    void deploymentIsInAppsV1WithItsGroupVersionKind() {
        JsonNode deployment = definition("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.path("x-kubernetes-group-version-kind").toString())
                .isEqualTo("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]");
        JsonNode spec = definition("io.k8s.api.apps.v1.DeploymentSpec");
        assertThat(spec.path("properties").path("replicas").path("type").asText())
                .isEqualTo("integer");
        assertThat(spec.path("properties").path("template").path("$ref").asText())
                .isEqualTo("#/definitions/" + CORE + "PodTemplateSpec");
        assertThat(spec.path("required").toString()).isEqualTo("[\"selector\",\"template\"]");
        assertThat(definition("io.k8s.api.apps.v1.DeploymentList").path("properties")
                .path("items").path("items").path("$ref").asText())
                .isEqualTo("#/definitions/io.k8s.api.apps.v1.Deployment");
        JsonNode conditions = definition("io.k8s.api.apps.v1.DeploymentStatus").path("properties")
                .path("conditions");
        assertThat(conditions.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("type");
        assertThat(v3.get("apis/apps/v1").path("components").path("schemas")
                .has(CORE + "PodSpec")).isTrue();
        assertThat(v3.get("apis/apps/v1").path("components").path("schemas")
                .has(CORE + "ConfigMap")).isFalse();
    }

    @Test
    void listsCarryUpstreamMergeKeys() {
        JsonNode podSpec = definition(CORE + "PodSpec").path("properties");
        assertMerge(podSpec.path("containers"), "name", "merge");
        assertMerge(podSpec.path("initContainers"), "name", "merge");
        assertMerge(podSpec.path("volumes"), "name", "merge,retainKeys");
        assertMerge(podSpec.path("imagePullSecrets"), "name", "merge");
        assertThat(podSpec.path("tolerations").has("x-kubernetes-patch-strategy")).isFalse();
        JsonNode container = definition(CORE + "Container").path("properties");
        assertMerge(container.path("env"), "name", "merge");
        assertMerge(container.path("ports"), "containerPort", "merge");
        assertMerge(container.path("volumeMounts"), "mountPath", "merge");
        JsonNode meta = definition(META + "ObjectMeta").path("properties");
        assertThat(meta.path("finalizers").path("x-kubernetes-patch-strategy").asText())
                .isEqualTo("merge");
        assertMerge(meta.path("ownerReferences"), "uid", "merge");
        assertMerge(definition(CORE + "PodStatus").path("properties").path("conditions"), "type",
                "merge");
        // v2 has no list types; v3 has them where upstream does.
        assertThat(podSpec.path("containers").has("x-kubernetes-list-type")).isFalse();
        JsonNode containers3 = v3Schema("api/v1", CORE + "PodSpec").path("properties")
                .path("containers");
        assertThat(containers3.path("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(containers3.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
        JsonNode ports3 = v3Schema("api/v1", CORE + "Container").path("properties").path("ports");
        assertThat(ports3.path("x-kubernetes-list-map-keys").toString())
                .isEqualTo("[\"containerPort\",\"protocol\"]");
        JsonNode env3 = v3Schema("api/v1", CORE + "Container").path("properties").path("env");
        assertThat(env3.path("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(v3Schema("api/v1", META + "ObjectMeta").path("properties").path("finalizers")
                .path("x-kubernetes-list-type").asText()).isEqualTo("set");
        assertThat(v3Schema("api/v1", CORE + "PodSpec").path("properties").path("tolerations")
                .path("x-kubernetes-list-type").asText()).isEqualTo("atomic");
    }

    private static void assertMerge(JsonNode field, String key, String strategy) {
        assertThat(field.path("x-kubernetes-patch-merge-key").asText()).as(field.toString())
                .isEqualTo(key);
        assertThat(field.path("x-kubernetes-patch-strategy").asText()).as(field.toString())
                .isEqualTo(strategy);
    }

    @Test
    void everyReferenceResolves() {
        assertRefsResolve(v2, "#/definitions/", v2.path("definitions"));
        v3.forEach((gv, doc) -> assertRefsResolve(doc, "#/components/schemas/",
                doc.path("components").path("schemas")));
    }

    private static void assertRefsResolve(JsonNode doc, String prefix, JsonNode targets) {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith(prefix);
            assertThat(targets.has(ref.substring(prefix.length()))).as(ref).isTrue();
        }
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node instanceof ObjectNode o) {
            if (o.has("$ref")) {
                out.add(o.get("$ref").asText());
            }
        }
        node.forEach(child -> collectRefs(child, out));
    }
}
