package io.j8s.apiserver.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.TestApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A CustomResourceDefinition served by an in-process API server, driven with fabric8's generic
 * client as an operator would: established, discovered, its custom resources written every way,
 * listed by selectors, shown as a Table, scaled; then deleted with its resources.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomResourcesTest {
    @RegisterExtension
    static final TestApiServer server = TestApiServer.plain();
    static KubernetesClient client;

    @BeforeAll
    static void establish() {
        Config config = new ConfigBuilder().withMasterUrl(server.url()).withRequestTimeout(10_000)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        client.apiextensions().v1().customResourceDefinitions().resource(Widgets.definition())
                .create();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Widgets.established(client, "widgets.example.com"));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    @Order(1)
    void theDefinitionIsEstablishedWithItsNamesAndServedInDiscovery() throws Exception {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("widgets.example.com").get();
        assertThat(crd.getStatus().getConditions()).extracting(
                CustomResourceDefinitionCondition::getType,
                CustomResourceDefinitionCondition::getStatus,
                CustomResourceDefinitionCondition::getReason)
                .contains(org.assertj.core.groups.Tuple.tuple("NamesAccepted", "True",
                        "NoConflicts"), org.assertj.core.groups.Tuple.tuple("Established", "True",
                        "InitialNamesAccepted"));
        assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("wd");
        assertThat(crd.getStatus().getStoredVersions()).containsExactly("v1");
        JsonNode resources = get("/apis/example.com/v1", "application/json");
        assertThat(resources.toString()).contains("\"name\":\"widgets\"",
                "\"name\":\"widgets/status\"", "\"name\":\"widgets/scale\"",
                "\"shortNames\":[\"wd\"]", "\"categories\":[\"all\"]");
        assertThat(get("/apis/example.com", "application/json").path("preferredVersion")
                .path("version").asText()).isEqualTo("v1");
        assertThat(get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
                .toString()).contains("\"name\":\"example.com\"", "\"resource\":\"widgets\"");
        assertThat(client.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                .withName("v1.example.com").get()).isNotNull();
    }

    @Test
    @Order(1)
    void openApiDescribesTheKindFromItsSchema() throws Exception {
        String url = get("/openapi/v3", "application/json").path("paths")
                .path("apis/example.com/v1").path("serverRelativeURL").asText();
        JsonNode v3 = get(url, "application/json");
        JsonNode widget = v3.path("components").path("schemas").path("com.example.v1.Widget");
        assertThat(widget.path("x-kubernetes-group-version-kind").toString())
                .contains("\"kind\":\"Widget\"");
        assertThat(widget.path("properties").path("spec").path("properties").has("color"))
                .isTrue();
        assertThat(v3.path("components").path("schemas")
                .has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();
        assertThat(v3.path("paths").has("/apis/example.com/v1/namespaces/{namespace}/widgets"))
                .isTrue();
        assertThat(get("/openapi/v2", "application/json").path("definitions")
                .has("com.example.v1beta1.Widget")).isTrue();
    }

    @Test
    @Order(2)
    void customResourcesAreWrittenReadAndSelected() {
        var widgets = client.genericKubernetesResources(Widgets.V1).inNamespace("default");
        GenericKubernetesResource red = widgets.resource(Widgets.widget("red", "red", 1)).create();
        assertThat(red.getMetadata().getGeneration()).isEqualTo(1L);
        widgets.resource(Widgets.widget("blue", "blue", 2)).create();
        assertThat(widgets.withField("spec.color", "blue").list().getItems())
                .extracting(w -> w.getMetadata().getName()).containsExactly("blue");
        assertThat(widgets.withLabel("app", "w").list().getItems()).hasSize(2);
        assertThat(widgets.withField("metadata.name", "red").list().getItems()).hasSize(1);
        assertThatThrownBy(() -> widgets.withField("spec.size", "1").list())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("field label not supported: spec.size");
        assertThat(widgets.list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                .withLimit(1L).build()).getMetadata().getContinue()).isNotEmpty();

        GenericKubernetesResource merged = widgets.withName("red").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"color\":\"green\"}}");
        assertThat(((Map<?, ?>) merged.getAdditionalProperties().get("spec")).get("color"))
                .isEqualTo("green");
        assertThat(merged.getMetadata().getGeneration()).isEqualTo(2L);
        GenericKubernetesResource jsonPatched = widgets.withName("red").patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":3}]");
        assertThat(((Map<?, ?>) jsonPatched.getAdditionalProperties().get("spec"))
                .get("replicas")).isEqualTo(3);
        assertThatThrownBy(() -> widgets.withName("red").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"color\":\"x\"}}"))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                        .isEqualTo(415));
        assertThatThrownBy(() -> widgets.withName("red").patch(
                PatchContext.of(PatchType.SERVER_SIDE_APPLY), """
                {"apiVersion":"example.com/v1","kind":"Widget",
                 "metadata":{"name":"red","namespace":"default"},"spec":{"color":"teal"}}"""))
                .hasMessageContaining("Apply failed with 1 conflict");
        GenericKubernetesResource applied = widgets.withName("red").patch(
                new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withForce(true).build(), """
                {"apiVersion":"example.com/v1","kind":"Widget",
                 "metadata":{"name":"red","namespace":"default"},"spec":{"color":"teal"}}""");
        assertThat(applied.getMetadata().getManagedFields()).isNotEmpty();
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void theStatusSubresourceAndTheMainResourceIgnoreEachOther() {
        var widgets = client.genericKubernetesResources(Widgets.V1).inNamespace("default");
        GenericKubernetesResource blue = widgets.withName("blue").get();
        long generation = blue.getMetadata().getGeneration();
        blue.setAdditionalProperty("status", Map.of("replicas", 2, "selector", "app=w"));
        ((Map<String, Object>) blue.getAdditionalProperties().get("spec")).put("color", "ignored");
        GenericKubernetesResource afterStatus = widgets.resource(blue).updateStatus();
        assertThat(((Map<?, ?>) afterStatus.getAdditionalProperties().get("spec")).get("color"))
                .isEqualTo("blue");
        assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(generation);
        afterStatus.setAdditionalProperty("status", Map.of("replicas", 9));
        GenericKubernetesResource afterUpdate = widgets.resource(afterStatus).update();
        assertThat(((Map<?, ?>) afterUpdate.getAdditionalProperties().get("status"))
                .get("replicas")).isEqualTo(2);
    }

    @Test
    @Order(3)
    void serverSideApplyMergesListsTheSchemaDeclaresAsMaps() {
        var widgets = client.genericKubernetesResources(Widgets.V1).inNamespace("default");
        for (String manager : new String[] {"a", "b"}) {
            widgets.withName("blue").patch(new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(manager).build(),
                    "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\","
                            + "\"metadata\":{\"name\":\"blue\",\"namespace\":\"default\"},"
                            + "\"spec\":{\"ports\":[{\"name\":\"" + manager
                            + "\",\"port\":1}]}}");
        }
        assertThat(((Map<?, ?>) widgets.withName("blue").get().getAdditionalProperties()
                .get("spec")).get("ports").toString()).contains("name=a", "name=b");
    }

    @Test
    @Order(4)
    void theScaleSubresourceReadsAndWritesTheDefinitionsPaths() throws Exception {
        JsonNode scale = get("/apis/example.com/v1/namespaces/default/widgets/blue/scale",
                "application/json");
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(scale.path("status").path("selector").asText()).isEqualTo("app=w");
        client.genericKubernetesResources(Widgets.V1).inNamespace("default").withName("blue")
                .scale(5);
        GenericKubernetesResource blue = client.genericKubernetesResources(Widgets.V1)
                .inNamespace("default").withName("blue").get();
        assertThat(((Map<?, ?>) blue.getAdditionalProperties().get("spec")).get("replicas"))
                .isEqualTo(5);
    }

    @Test
    @Order(5)
    void kubectlGetsATableWithThePrinterColumns() throws Exception {
        JsonNode table = get("/apis/example.com/v1/namespaces/default/widgets",
                "application/json;as=Table;v=v1;g=meta.k8s.io");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Color", "Replicas", "Ready", "Age");
        assertThat(table.path("columnDefinitions").get(3).path("priority").asInt()).isEqualTo(1);
        JsonNode blue = table.path("rows").get(0);
        assertThat(blue.path("cells").get(0).asText()).isEqualTo("blue");
        assertThat(blue.path("cells").get(1).asText()).isEqualTo("blue");
        assertThat(blue.path("cells").get(2).asLong()).isEqualTo(5);
        assertThat(blue.path("cells").get(3).isNull()).isTrue();
        assertThat(blue.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    }

    @Test
    @Order(6)
    void everyServedVersionReadsTheSameObjects() {
        GenericKubernetesResource beta = client.genericKubernetesResources(Widgets.V1BETA1)
                .inNamespace("default").withName("blue").get();
        assertThat(beta.getApiVersion()).isEqualTo("example.com/v1beta1");
        GenericKubernetesResource created = Widgets.widget("beta", "pink", 1);
        created.setApiVersion("example.com/v1beta1");
        client.genericKubernetesResources(Widgets.V1BETA1).inNamespace("default")
                .resource(created).create();
        assertThat(client.genericKubernetesResources(Widgets.V1).inNamespace("default")
                .withName("beta").get().getApiVersion()).isEqualTo("example.com/v1");
    }

    @Test
    @Order(7)
    @SuppressWarnings("unchecked")
    void anOperatorReconcilesItsResourcesThroughAnInformer() {
        var widgets = client.genericKubernetesResources(Widgets.V1).inNamespace("default");
        java.util.List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
        var informer = widgets.inform(new io.fabric8.kubernetes.client.informers
                .ResourceEventHandler<GenericKubernetesResource>() {
            @Override
            public void onAdd(GenericKubernetesResource w) {
                reconcile(w);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource w) {
                reconcile(w);
            }

            @Override
            public void onDelete(GenericKubernetesResource w, boolean unknown) {
                deleted.add(w.getMetadata().getName());
            }

            private void reconcile(GenericKubernetesResource w) {
                Object color = ((Map<?, ?>) w.getAdditionalProperties().get("spec")).get("color");
                Map<?, ?> status = (Map<?, ?>) w.getAdditionalProperties().get("status");
                if (status != null && java.util.Objects.equals(status.get("observedColor"), color)) {
                    return;
                }
                w.setAdditionalProperty("status", Map.of("observedColor", String.valueOf(color),
                        "observedGeneration", w.getMetadata().getGeneration(),
                        "conditions", java.util.List.of(Map.of("type", "Ready",
                                "status", "True"))));
                try {
                    widgets.resource(w).updateStatus();
                } catch (KubernetesClientException e) {
                    // a newer version is on its way to the informer: reconciled then
                }
            }
        });
        try {
            widgets.resource(Widgets.widget("operated", "amber", 1)).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> "amber".equals(observed("operated")));
            widgets.withName("operated").edit(w -> {
                ((Map<String, Object>) w.getAdditionalProperties().get("spec")).put("color", "cyan");
                return w;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> "cyan".equals(observed("operated")));
            widgets.withName("operated").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> deleted.contains("operated"));
        } finally {
            informer.close();
        }
    }

    private static Object observed(String name) {
        Map<?, ?> status = (Map<?, ?>) client.genericKubernetesResources(Widgets.V1)
                .inNamespace("default").withName(name).get().getAdditionalProperties()
                .get("status");
        return status == null ? null : status.get("observedColor");
    }

    @Test
    @Order(7)
    void aDefinitionWhoseNamesClashIsNotAccepted() {
        CustomResourceDefinition gadgets = Widgets.definition();
        gadgets.getMetadata().setName("gadgets.example.com");
        gadgets.getSpec().getNames().setPlural("gadgets");
        gadgets.getSpec().getNames().setSingular("gadget");
        gadgets.getSpec().getNames().setShortNames(null);
        client.apiextensions().v1().customResourceDefinitions().resource(gadgets).create();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                client.apiextensions().v1().customResourceDefinitions()
                        .withName("gadgets.example.com").get().getStatus().getConditions())
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("NamesAccepted");
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("KindConflict");
                    assertThat(c.getMessage()).isEqualTo("\"Widget\" is already in use");
                }));
        client.apiextensions().v1().customResourceDefinitions().withName("gadgets.example.com")
                .delete();
    }

    @Test
    @Order(8)
    void deletingTheDefinitionDeletesItsResourcesAndStopsServingThem() throws Exception {
        client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com")
                .delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.apiextensions().v1()
                .customResourceDefinitions().withName("widgets.example.com").get() == null);
        assertThat(server.store().list("/registry/example.com/widgets/").items()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> status("/apis/example.com/v1") == 404);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.genericKubernetesResources(
                "apiregistration.k8s.io/v1", "APIService").withName("v1.example.com").get()
                == null);
    }

    private static JsonNode get(String path, String accept) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
