package io.j8s.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.Registries;
import io.j8s.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api and /apis negotiated between legacy and aggregated discovery, through the handler. */
class AggregatedDiscoveryTest {
    private static final String V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static final String V2BETA1 =
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    /** What kubectl 1.27 to 1.29 send. */
    private static final String KUBECTL_1_27 = V2BETA1 + ",application/json";
    /** What kubectl 1.30 and later send (protobuf first from 1.32 on). */
    private static final String KUBECTL_1_33 = "application/vnd.kubernetes.protobuf;"
            + "g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," + V2 + ";q=0.9," + V2BETA1
            + ";q=0.8,application/json;q=0.7";

    @TempDir
    Path dir;
    private Store store;
    private ApiHandler handler;

    @BeforeEach
    void start() {
        store = Store.builder().dataDir(dir).open();
        handler = new ApiHandler(new Registries(ResourceCatalogue.builtIn(), store,
                Clock.systemUTC()), "https://127.0.0.1:6443", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private Reply.Body get(String path, String accept) {
        return get(path, accept, null);
    }

    private Reply.Body get(String path, String accept, String ifNoneMatch) {
        return (Reply.Body) handler.handle(new ApiRequest("GET", path, Map.of(), null, accept,
                null, "kubectl/test", ifNoneMatch));
    }

    private static JsonNode json(Reply.Body b) {
        return Json.tree(b.bytes());
    }

    /** The item of {@code group} in an APIGroupDiscoveryList. */
    private static JsonNode group(JsonNode list, String name) {
        for (JsonNode item : list.path("items")) {
            if (item.path("metadata").path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no group " + name + " in " + list);
    }

    private static JsonNode resource(JsonNode version, String name) {
        for (JsonNode r : version.path("resources")) {
            if (r.path("resource").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no resource " + name + " in " + version);
    }

    @Test
    void apisAnswersAnApiGroupDiscoveryListOfEveryNamedGroup() {
        Reply.Body b = get("/apis", V2);
        assertThat(b.code()).isEqualTo(200);
        assertThat(b.contentType()).isEqualTo(V2);
        assertThat(b.headers()).containsEntry("Vary", "Accept").containsKey("ETag");
        assertThat(b.headers().get("ETag")).matches("\"[0-9A-F]{128}\"");
        assertThat(b.cacheControl()).isEqualTo("public");
        JsonNode list = json(b);
        assertThat(list.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
        assertThat(list.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
        List<String> groups = new ArrayList<>();
        list.path("items").forEach(i -> groups.add(i.path("metadata").path("name").asText()));
        assertThat(groups).doesNotContain("")
                .contains("apps", "autoscaling", "batch", "rbac.authorization.k8s.io");

        JsonNode apps = group(list, "apps");
        assertThat(apps.path("metadata").has("creationTimestamp")).isTrue();
        JsonNode v1 = apps.path("versions").get(0);
        assertThat(v1.path("version").asText()).isEqualTo("v1");
        assertThat(v1.path("freshness").asText()).isEqualTo("Current");
        JsonNode deployments = resource(v1, "deployments");
        assertThat(deployments).isEqualTo(Json.tree(("""
                {"resource":"deployments",
                 "responseKind":{"group":"","version":"","kind":"Deployment"},
                 "scope":"Namespaced","singularResource":"deployment",
                 "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
                 "shortNames":["deploy"],"categories":["all"],
                 "subresources":[
                  {"subresource":"scale",
                   "responseKind":{"group":"autoscaling","version":"v1","kind":"Scale"},
                   "verbs":["get","patch","update"]},
                  {"subresource":"status",
                   "responseKind":{"group":"","version":"","kind":"Deployment"},
                   "verbs":["get","patch","update"]}]}
                """).getBytes(StandardCharsets.UTF_8)));
        // The preferred version comes first.
        List<String> autoscaling = new ArrayList<>();
        group(list, "autoscaling").path("versions")
                .forEach(v -> autoscaling.add(v.path("version").asText()));
        assertThat(autoscaling).containsExactly("v2", "v1");
        JsonNode clusterRoles = resource(group(list, "rbac.authorization.k8s.io")
                .path("versions").get(0), "clusterroles");
        assertThat(clusterRoles.path("scope").asText()).isEqualTo("Cluster");
        assertThat(clusterRoles.has("shortNames")).isFalse();
    }

    @Test
    void apiAnswersTheCoreGroupAloneWithoutAName() {
        JsonNode list = json(get("/api", V2));
        assertThat(list.path("items")).hasSize(1);
        JsonNode core = list.path("items").get(0);
        assertThat(core.path("metadata").has("name")).isFalse();
        JsonNode v1 = core.path("versions").get(0);
        assertThat(v1.path("version").asText()).isEqualTo("v1");
        JsonNode pods = resource(v1, "pods");
        assertThat(pods.path("shortNames").toString()).isEqualTo("[\"po\"]");
        assertThat(pods.path("subresources").findValuesAsText("subresource"))
                .contains("eviction", "exec", "log", "status").isSorted();
        for (JsonNode sub : pods.path("subresources")) {
            if (sub.path("subresource").asText().equals("eviction")) {
                assertThat(sub.path("responseKind").toString())
                        .isEqualTo("{\"group\":\"policy\",\"version\":\"v1\",\"kind\":\"Eviction\"}");
            }
        }
        assertThat(resource(v1, "namespaces").path("scope").asText()).isEqualTo("Cluster");
    }

    @Test
    void kubectlsListsOfAlternativesPickTheAggregatedVersionTheyPreferInJson() {
        Reply.Body old = get("/apis", KUBECTL_1_27);
        assertThat(old.contentType()).isEqualTo(V2BETA1);
        assertThat(json(old).path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2beta1");
        // Protobuf is not served here: the next alternative, v2 in JSON, is.
        Reply.Body recent = get("/api", KUBECTL_1_33);
        assertThat(recent.contentType()).isEqualTo(V2);
        assertThat(json(recent).path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
        // q decides, not the order written.
        assertThat(get("/apis", "application/json;q=0.5," + V2).contentType()).isEqualTo(V2);
        assertThat(get("/apis", V2 + ";q=0.5,application/json").contentType())
                .isEqualTo("application/json");
        String yaml = V2.replace("json", "yaml");
        Reply.Body inYaml = get("/apis", yaml);
        assertThat(inYaml.contentType()).isEqualTo(yaml);
        assertThat(new String(inYaml.bytes(), StandardCharsets.UTF_8))
                .startsWith("kind: APIGroupDiscoveryList\napiVersion: apidiscovery.k8s.io/v2\n");
    }

    @Test
    void clientsThatDoNotAskKeepTheLegacyDocuments() {
        for (String accept : new String[] {null, "", "application/json", "*/*",
                "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json",
                "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;"
                        + "as=APIGroupDiscoveryList,application/json"}) {
            Reply.Body groups = get("/apis", accept);
            assertThat(groups.contentType()).as(accept).isEqualTo("application/json");
            assertThat(json(groups).path("kind").asText()).as(accept).isEqualTo("APIGroupList");
            assertThat(groups.headers()).as(accept).doesNotContainKey("ETag");
            assertThat(json(get("/api", accept)).path("kind").asText()).isEqualTo("APIVersions");
        }
        assertThat(get("/apis", "application/yaml").contentType()).isEqualTo("application/yaml");
        JsonNode autoscaling = null;
        for (JsonNode g : json(get("/apis", null)).path("groups")) {
            if (g.path("name").asText().equals("autoscaling")) {
                autoscaling = g;
            }
        }
        assertThat(autoscaling.path("preferredVersion").path("version").asText()).isEqualTo("v2");
    }

    @Test
    void nothingAcceptableIs406AndOtherMethods405() {
        for (String accept : new String[] {"application/vnd.kubernetes.protobuf;"
                + "g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", "text/html",
                "application/json;as=Table;v=v1;g=meta.k8s.io", V2 + ";q=0"}) {
            assertThatThrownBy(() -> get("/apis", accept)).as(accept)
                    .isInstanceOfSatisfying(StatusException.class,
                            e -> assertThat(e.code()).isEqualTo(406));
        }
        assertThatThrownBy(() -> handler.handle(new ApiRequest("POST", "/apis", Map.of(),
                "application/json", V2, new byte[0], "t", null)))
                .isInstanceOfSatisfying(StatusException.class,
                        e -> assertThat(e.code()).isEqualTo(405));
    }

    @Test
    void theEtagAnswersIfNoneMatchWith304() {
        Reply.Body first = get("/apis", V2);
        String etag = first.headers().get("ETag");
        Reply.Body again = get("/apis", V2, etag);
        assertThat(again.code()).isEqualTo(304);
        assertThat(again.bytes()).isEmpty();
        assertThat(again.headers()).containsEntry("ETag", etag).containsEntry("Vary", "Accept");
        assertThat(get("/apis", V2, "\"0123\"").code()).isEqualTo(200);
        // Another document has another ETag, so a cached /apis never answers for /api or v2beta1.
        assertThat(get("/api", V2).headers().get("ETag")).isNotEqualTo(etag);
        assertThat(get("/apis", V2BETA1, etag).code()).isEqualTo(200);
        assertThat(get("/apis", V2).bytes()).isEqualTo(first.bytes());
    }

    @Test
    void theAggregatedDocumentListsExactlyWhatLegacyDiscoveryLists() {
        Map<String, String> aggregated = new TreeMap<>();
        Map<String, String> legacy = new TreeMap<>();
        List<JsonNode> items = new ArrayList<>();
        json(get("/api", V2)).path("items").forEach(items::add);
        json(get("/apis", V2)).path("items").forEach(items::add);
        for (JsonNode item : items) {
            String group = item.path("metadata").path("name").asText();
            for (JsonNode version : item.path("versions")) {
                String gv = group.isEmpty() ? version.path("version").asText()
                        : group + "/" + version.path("version").asText();
                for (JsonNode r : version.path("resources")) {
                    String name = gv + " " + r.path("resource").asText();
                    aggregated.put(name, r.path("singularResource").asText() + " "
                            + r.path("scope").asText().equals("Namespaced") + " "
                            + r.path("responseKind").path("kind").asText() + " " + r.path("verbs")
                            + " " + r.path("shortNames") + " " + r.path("categories"));
                    for (JsonNode s : r.path("subresources")) {
                        JsonNode kind = s.path("responseKind");
                        aggregated.put(name + "/" + s.path("subresource").asText(),
                                kind.path("group").asText() + " " + kind.path("version").asText()
                                        + " " + kind.path("kind").asText() + " " + s.path("verbs"));
                    }
                }
                JsonNode list = json(get(group.isEmpty() ? "/api/v1" : "/apis/" + gv, null));
                for (JsonNode r : list.path("resources")) {
                    String name = gv + " " + r.path("name").asText();
                    legacy.put(name, r.path("name").asText().contains("/")
                            ? r.path("group").asText() + " " + r.path("version").asText() + " "
                                    + r.path("kind").asText() + " " + r.path("verbs")
                            : r.path("singularName").asText() + " " + r.path("namespaced") + " "
                                    + r.path("kind").asText() + " " + r.path("verbs") + " "
                                    + r.path("shortNames") + " " + r.path("categories"));
                }
            }
        }
        assertThat(aggregated).hasSizeGreaterThan(80).isEqualTo(legacy);
        List<String> legacyGroupVersions = new ArrayList<>();
        json(get("/apis", null)).path("groups").forEach(g -> g.path("versions")
                .forEach(v -> legacyGroupVersions.add(v.path("groupVersion").asText())));
        assertThat(aggregated.keySet().stream().map(k -> k.split(" ")[0]).distinct()
                .filter(gv -> gv.contains("/"))).containsExactlyInAnyOrderElementsOf(legacyGroupVersions);
    }
}
