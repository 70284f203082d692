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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side apply and field validation through the handler, as a client sends them. */
class ApplyRequestTest {
    private static final String CM = "/api/v1/namespaces/default/configmaps";
    @TempDir
    Path dir;
    private Store store;
    private ApiHandler handler;

    @BeforeEach
    void start() {
        store = Store.builder().dataDir(dir).open();
        Registries registries = new Registries(ResourceCatalogue.builtIn(), store,
                Clock.systemUTC());
        registries.ensureSystemNamespaces();
        handler = new ApiHandler(registries, "https://127.0.0.1:6443", java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private Reply.Body send(String method, String path, String query, String type, String body,
            String agent) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String kv : query.split("&")) {
                String[] p = kv.split("=", 2);
                q.put(p[0], List.of(p[1]));
            }
        }
        return (Reply.Body) handler.handle(new ApiRequest(method, path, q, type, "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), agent));
    }

    private static JsonNode json(Reply.Body b) {
        return Json.tree(b.bytes());
    }

    @Test
    void applyNeedsAFieldManagerCreatesThenConflictsWithAnotherManager() {
        String cfg = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                + "data:\n  color: blue\n";
        assertThatThrownBy(() -> send("PATCH", CM + "/a", "", ApiHandler.APPLY, cfg, "kubectl/v1"))
                .hasMessage("fieldManager is required for apply requests");
        Reply.Body created = send("PATCH", CM + "/a", "fieldManager=me", ApiHandler.APPLY, cfg,
                "kubectl/v1");
        assertThat(json(created).at("/metadata/managedFields/0/operation").asText())
                .isEqualTo("Apply");
        assertThatThrownBy(() -> send("PATCH", CM + "/a", "fieldManager=you", ApiHandler.APPLY,
                cfg.replace("blue", "red"), "kubectl/v1"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Apply failed with 1 conflict: conflict with \"me\":"
                                + " .data.color"));
        Reply.Body forced = send("PATCH", CM + "/a", "fieldManager=you&force=true",
                ApiHandler.APPLY, cfg.replace("blue", "red"), "kubectl/v1");
        assertThat(json(forced).at("/data/color").asText()).isEqualTo("red");
    }

    @Test
    void writesWithoutAFieldManagerAreOwnedByTheUserAgentsProgram() {
        Reply.Body created = send("POST", CM, "", "application/json",
                "{\"metadata\":{\"name\":\"b\"},\"data\":{\"a\":\"1\"}}", "my-tool/1.0 (linux)");
        assertThat(json(created).at("/metadata/managedFields/0/manager").asText())
                .isEqualTo("my-tool");
        Reply.Body reset = send("PATCH", CM + "/b", "", "application/merge-patch+json",
                "{\"metadata\":{\"managedFields\":[{}]}}", "");
        assertThat(json(reset).at("/metadata").has("managedFields")).isFalse();
    }

    @Test
    void unknownFieldsWarnByDefaultFailWhenStrictAndAreDropped() {
        String body = "{\"metadata\":{\"name\":\"c\"},\"spec\":{\"x\":1}}";
        Reply.Body warned = send("POST", CM, "", "application/json", body, "k/1");
        assertThat(warned.warnings()).containsExactly("unknown field \"spec\"");
        assertThat(json(warned).has("spec")).isFalse();
        assertThatThrownBy(() -> send("POST", CM, "fieldValidation=Strict", "application/json",
                body.replace("\"c\"", "\"d\""), "k/1"))
                .hasMessage("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict"
                        + " decoding error: unknown field \"spec\"");
        Reply.Body ignored = send("POST", CM, "fieldValidation=Ignore", "application/json",
                body.replace("\"c\"", "\"e\""), "k/1");
        assertThat(ignored.warnings()).isEmpty();
    }

    @Test
    void anOverlongFieldManagerIsInvalid() {
        assertThatThrownBy(() -> send("POST", CM, "fieldManager=" + "m".repeat(129),
                "application/json", "{\"metadata\":{\"name\":\"f\"}}", "k/1"))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("fieldManager: Too long");
                });
    }

    @Test
    void anApplyToTheStatusIsOwnedWithItsSubresource() {
        String pods = "/api/v1/namespaces/default/pods";
        send("POST", pods, "", "application/json", "{\"metadata\":{\"name\":\"p\"},\"spec\":"
                + "{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}", "kubectl/1");
        Reply.Body applied = send("PATCH", pods + "/p/status", "fieldManager=kubelet",
                ApiHandler.APPLY, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":"
                        + "{\"name\":\"p\"},\"status\":{\"phase\":\"Running\"}}", "kubelet/1");
        JsonNode managed = json(applied).at("/metadata/managedFields");
        assertThat(json(applied).at("/status/phase").asText()).isEqualTo("Running");
        assertThat(managed.toString()).contains("\"manager\":\"kubelet\"")
                .contains("\"subresource\":\"status\"").contains("\"manager\":\"kubectl\"");
    }
}
