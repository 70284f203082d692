package io.j8s.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What kubectl's query-parameter verifier, explain and its OpenAPI clients see: the operations of
 * each resource with upstream's ids and parameters, the v3 index and its hashes, and v2 in both
 * JSON and gnostic protobuf.
 */
class OpenApiDocumentsTest {
    private static final String PROTOBUF =
            "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    private final OpenApiDocuments docs = new OpenApiDocuments(SampleCatalogue.of());

    private JsonNode json(String path) throws IOException {
        return Json.MAPPER.readTree(docs.serve(path, "", "application/json").orElseThrow().body());
    }

    @Test
    void patchOperationsAdvertiseServerSideFieldValidation() throws IOException {
        JsonNode core = json("/openapi/v3/api/v1");
        JsonNode patch = core.path("paths").path("/api/v1/namespaces/{namespace}/pods/{name}")
                .path("patch");
        assertThat(patch.path("operationId").asText()).isEqualTo("patchCoreV1NamespacedPod");
        assertThat(patch.path("x-kubernetes-action").asText()).isEqualTo("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}");
        assertThat(names(patch.path("parameters")))
                .contains("fieldValidation", "dryRun", "fieldManager");
        assertThat(patch.path("requestBody").path("content")
                .has("application/strategic-merge-patch+json")).isTrue();

        JsonNode apps = json("/openapi/v3/apis/apps/v1");
        JsonNode status = apps.path("paths")
                .path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status");
        assertThat(status.path("patch").path("operationId").asText())
                .isEqualTo("patchAppsV1NamespacedDeploymentStatus");
        assertThat(names(status.path("patch").path("parameters"))).contains("fieldValidation");
        assertThat(status.path("get").path("responses").path("200").path("content")
                .path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.Deployment");
        assertThat(core.path("paths").has("/api/v1/namespaces/{namespace}/configmaps/{name}/status"))
                .isFalse();
    }

    @Test
    void certificateSigningRequestsHaveApprovalAndStatusPaths() throws IOException {
        OpenApiDocuments all = new OpenApiDocuments(
                io.j8s.api.catalogue.ResourceCatalogue.builtIn());
        JsonNode certificates = Json.MAPPER.readTree(all.serve(
                "/openapi/v3/apis/certificates.k8s.io/v1", "", "").orElseThrow().body());
        String csr = "/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}";
        JsonNode approval = certificates.path("paths").path(csr + "/approval");
        assertThat(approval.path("put").path("operationId").asText())
                .isEqualTo("replaceCertificatesV1CertificateSigningRequestApproval");
        assertThat(approval.path("put").path("description").asText())
                .isEqualTo("replace approval of the specified CertificateSigningRequest");
        assertThat(certificates.path("paths").path(csr + "/status").path("patch")
                .path("operationId").asText())
                .isEqualTo("patchCertificatesV1CertificateSigningRequestStatus");
        assertThat(certificates.path("components").path("schemas")
                .path("io.k8s.api.certificates.v1.CertificateSigningRequestSpec")
                .path("properties").path("signerName").path("description").asText())
                .startsWith("signerName indicates the requested signer, and is a qualified name.");
    }

    @Test
    void queryParametersAreDescribedByTheirOptionsType() throws IOException {
        JsonNode v2 = json("/openapi/v2");
        JsonNode pods = v2.path("paths").path("/api/v1/namespaces/{namespace}/pods");
        assertThat(parameter(pods.path("get"), "limit").path("description").asText())
                .startsWith("limit is a maximum number of responses to return for a list call.");
        assertThat(parameter(pods.path("post"), "fieldValidation").path("description").asText())
                .startsWith("fieldValidation instructs the server on how to handle objects in the"
                        + " request (POST/PUT/PATCH) containing unknown or duplicate fields.");
        JsonNode pod = v2.path("paths").path("/api/v1/namespaces/{namespace}/pods/{name}");
        assertThat(parameter(pod.path("delete"), "gracePeriodSeconds").path("description")
                .asText()).startsWith("The duration in seconds before the object should be"
                        + " deleted.");
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode p : operation.path("parameters")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + operation);
    }

    @Test
    void listsAndCollectionsHaveUpstreamShape() throws IOException {
        JsonNode v2 = json("/openapi/v2");
        JsonNode list = v2.path("paths").path("/api/v1/namespaces/{namespace}/pods").path("get");
        assertThat(list.path("operationId").asText()).isEqualTo("listCoreV1NamespacedPod");
        assertThat(names(list.path("parameters"))).contains("labelSelector", "fieldSelector",
                "limit", "continue", "resourceVersion", "resourceVersionMatch", "watch",
                "allowWatchBookmarks", "timeoutSeconds");
        assertThat(list.path("responses").path("200").path("schema").path("$ref").asText())
                .isEqualTo("#/definitions/io.k8s.api.core.v1.PodList");
        JsonNode create = v2.path("paths").path("/api/v1/namespaces/{namespace}/pods").path("post");
        assertThat(create.path("x-kubernetes-action").asText()).isEqualTo("post");
        assertThat(create.path("parameters").get(0).path("in").asText()).isEqualTo("body");
        assertThat(names(create.path("parameters"))).contains("fieldValidation", "dryRun");
        assertThat(v2.path("paths").path("/api/v1/namespaces").path("get").path("operationId")
                .asText()).isEqualTo("listCoreV1Namespace");
        assertThat(v2.path("paths").path("/api/v1/pods").path("get").path("operationId").asText())
                .isEqualTo("listCoreV1PodForAllNamespaces");
        assertThat(v2.path("paths").path("/api/v1/watch/namespaces/{namespace}/pods/{name}")
                .path("get").path("x-kubernetes-action").asText()).isEqualTo("watch");
        assertThat(v2.path("info").path("title").asText()).isEqualTo("Kubernetes");
    }

    @Test
    void v3IndexPointsAtHashedDocumentsThatMayBeCachedForever() throws IOException {
        JsonNode index = json("/openapi/v3");
        assertThat(names(index.path("paths"))).containsExactly("api/v1", "apis/apps/v1");
        String url = index.path("paths").path("apis/apps/v1").path("serverRelativeURL").asText();
        URI uri = URI.create(url);
        assertThat(uri.getPath()).isEqualTo("/openapi/v3/apis/apps/v1");
        String hash = uri.getQuery().substring("hash=".length());
        assertThat(hash).matches("[0-9A-F]{128}");
        assertThat(docs.serve(uri.getPath(), hash, "application/json").orElseThrow().cacheControl())
                .isEqualTo("public, immutable");
        assertThat(docs.serve(uri.getPath(), "", "application/json").orElseThrow().cacheControl())
                .isEqualTo("no-cache, private");
        assertThat(docs.serve("/openapi/v3/apis/batch/v1", "", "")).isEmpty();
        // Building again from the same catalogue gives the same hash.
        JsonNode again = Json.MAPPER.readTree(new OpenApiDocuments(SampleCatalogue.of())
                .serve("/openapi/v3", "", "").orElseThrow().body());
        assertThat(again).isEqualTo(index);
    }

    @Test
    void v2IsProtobufWhenKubectlAsksAndJsonOtherwise() throws IOException {
        OpenApiDocuments.Served proto = docs.serve("/openapi/v2", "", PROTOBUF).orElseThrow();
        assertThat(proto.contentType())
                .isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        JsonNode json = json("/openapi/v2");

        List<Field> document = Field.read(proto.body());
        assertThat(document.getFirst().number()).isEqualTo(1);
        assertThat(document.getFirst().text()).isEqualTo("2.0");
        List<Field> paths = Field.read(find(document, 8).bytes());
        assertThat(paths).hasSize(json.path("paths").size());
        assertThat(Field.read(paths.getFirst().bytes()).getFirst().text())
                .isEqualTo(json.path("paths").fieldNames().next());
        List<Field> definitions = Field.read(find(document, 9).bytes());
        assertThat(definitions).hasSize(json.path("definitions").size());

        assertThat(docs.serve("/openapi/v2", "", "application/json, */*").orElseThrow()
                .contentType()).isEqualTo("application/json");
        assertThat(docs.serve("/openapi/v2", "", null).orElseThrow().contentType())
                .isEqualTo("application/json");
        assertThatThrownBy(() -> docs.serve("/openapi/v2", "", "application/xml"))
                .isInstanceOf(StatusException.class)
                .satisfies(e -> assertThat(((StatusException) e).code()).isEqualTo(406));
    }

    private static Field find(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number).findFirst().orElseThrow();
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(p -> out.add(p.path("name").asText()));
        } else {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    /** One length-delimited field of a protobuf message; enough to walk gnostic's messages. */
    private record Field(int number, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        static List<Field> read(byte[] message) {
            List<Field> out = new ArrayList<>();
            int[] pos = {0};
            while (pos[0] < message.length) {
                long key = varint(message, pos);
                int wireType = (int) (key & 7);
                if (wireType == 0) {
                    varint(message, pos);
                    continue;
                }
                assertThat(wireType).isEqualTo(2);
                int length = (int) varint(message, pos);
                byte[] value = java.util.Arrays.copyOfRange(message, pos[0], pos[0] + length);
                pos[0] += length;
                out.add(new Field((int) (key >>> 3), value));
            }
            return out;
        }

        private static long varint(byte[] b, int[] pos) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[pos[0]++];
                value |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return value;
                }
            }
        }
    }
}
