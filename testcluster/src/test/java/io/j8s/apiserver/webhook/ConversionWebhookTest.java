package io.j8s.apiserver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.ClusterObjects;
import io.j8s.testcluster.HttpsTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conversion webhook client against a small HTTPS server: a ConversionReview out, the
 * converted objects back with their metadata kept, and the answers upstream refuses.
 */
class ConversionWebhookTest {
    private static Path dir;
    private static HttpsTestServer server;
    private static volatile UnaryOperator<ObjectNode> convert = UnaryOperator.identity();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-conversion");
        server = HttpsTestServer.start(dir, seen -> {
            ObjectNode review = seen.json();
            JsonNode request = review.path("request");
            ObjectNode out = Json.MAPPER.createObjectNode()
                    .put("apiVersion", review.path("apiVersion").asText())
                    .put("kind", "ConversionReview");
            ObjectNode response = out.putObject("response").put("uid",
                    request.path("uid").asText());
            response.putObject("result").put("status", "Success");
            ArrayNode converted = response.putArray("convertedObjects");
            for (JsonNode o : request.path("objects")) {
                ObjectNode c = ((ObjectNode) o).deepCopy();
                c.put("apiVersion", request.path("desiredAPIVersion").asText());
                converted.add(convert.apply(c));
            }
            return HttpsTestServer.Answer.json(out);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        io.j8s.testkit.Directories.deleteRecursively(dir);
    }

    private static CustomResourceDefinition crd() {
        return Serialization.unmarshal("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  names: {plural: widgets, kind: Widget}
                  scope: Namespaced
                  conversion:
                    strategy: Webhook
                    webhook:
                      conversionReviewVersions: [v1]
                      clientConfig: {url: "%s", caBundle: %s}
                """.formatted(server.url("/convert"), server.caBundle()),
                CustomResourceDefinition.class);
    }

    private static ObjectNode widget(String name) {
        return (ObjectNode) Json.MAPPER.valueToTree(java.util.Map.of("apiVersion",
                "example.com/v1", "kind", "Widget", "metadata", java.util.Map.of("name", name,
                        "namespace", "default", "uid", "u-" + name), "spec", java.util.Map.of(
                                "size", 3)));
    }

    private static final ClusterObjects NO_OBJECTS = new ClusterObjects() {
        @Override
        public List<ObjectNode> list(String group, String plural, String namespace) {
            return List.of();
        }

        @Override
        public Optional<ObjectNode> get(String group, String plural, String namespace,
                String name) {
            return Optional.empty();
        }

        @Override
        public boolean replaceStatus(String group, String plural, ObjectNode object) {
            return false;
        }
    };

    @Test
    void objectsComeBackAtTheDesiredVersionWithTheirMetadataAndNewLabels() {
        convert = c -> {
            ((ObjectNode) c.path("metadata")).putObject("labels").put("converted", "yes");
            ((ObjectNode) c.path("metadata")).put("resourceVersion", "999");
            return c;
        };
        ObjectNode already = widget("c");
        already.put("apiVersion", "example.com/v2");
        List<ObjectNode> out = ConversionWebhook.create(NO_OBJECTS).convert(crd(),
                List.of(widget("a"), widget("b"), already), "example.com/v2");
        assertThat(out).extracting(o -> o.path("apiVersion").asText())
                .containsOnly("example.com/v2");
        assertThat(out.get(0).path("metadata").path("labels").path("converted").asText())
                .isEqualTo("yes");
        assertThat(out.get(0).path("metadata").has("resourceVersion")).isFalse();
        assertThat(out.get(1).path("metadata").path("name").asText()).isEqualTo("b");
        JsonNode sent = server.seen().getLast().json().path("request");
        assertThat(sent.path("objects")).hasSize(2);
        assertThat(sent.path("desiredAPIVersion").asText()).isEqualTo("example.com/v2");
    }

    @Test
    void aWrongAnswerFailsNamingTheConversionWebhook() {
        convert = c -> c.put("apiVersion", "example.com/v3");
        assertThatThrownBy(() -> ConversionWebhook.create(NO_OBJECTS).convert(crd(),
                List.of(widget("a")), "example.com/v2"))
                .isInstanceOf(StatusException.class)
                .hasMessage("Internal error occurred: conversion webhook for example.com/v1,"
                        + " Kind=Widget failed: invalid converted object at index 0: invalid"
                        + " apiVersion \"example.com/v3\", expected \"example.com/v2\"");
        convert = c -> {
            ((ObjectNode) c.path("metadata")).put("name", "renamed");
            return c;
        };
        assertThatThrownBy(() -> ConversionWebhook.create(NO_OBJECTS).convert(crd(),
                List.of(widget("a")), "example.com/v2"))
                .hasMessageContaining("metadata.name must not be changed");
    }
}
