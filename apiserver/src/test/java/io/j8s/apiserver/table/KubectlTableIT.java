package io.j8s.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kubectl} renders our Tables. A small HTTP server stands in for the API server:
 * a discovery document drawn from the catalogue, and Tables from {@link TableConverter} for the
 * fixtures. What kubectl prints is what a user would see.
 */
class KubectlTableIT {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private final ObjectMapper mapper = new ObjectMapper();
    private final ResourceCatalogue catalogue = ResourceCatalogue.builtIn();
    private final TableConverter converter = new TableConverter(TableFixtures.CLOCK);
    private final Map<String, List<? extends HasMetadata>> objects = Map.of(
            "pods", TableFixtures.pods(),
            "deployments", List.of(TableFixtures.deployment()),
            "services", TableFixtures.services());
    private HttpServer server;

    @TempDir
    Path home;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
        Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: fake, cluster: {server: "http://127.0.0.1:%d"}}]
                contexts: [{name: fake, context: {cluster: fake, user: nobody, namespace: default}}]
                users: [{name: nobody, user: {}}]
                current-context: fake
                """.formatted(server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void getPods() throws Exception {
        assertThat(kubectl("get", "pods")).isEqualTo("""
                NAME                  READY   STATUS      RESTARTS      AGE
                web-7d4b9c6f5-x2x7q   1/1     Running     2 (10m ago)   60m
                migrate-5kq9z         0/1     Completed   0             3d
                """);
    }

    @Test
    void getPodsWide() throws Exception {
        assertThat(kubectl("get", "po", "-o", "wide")).isEqualTo("""
                NAME                  READY   STATUS      RESTARTS      AGE   IP          NODE     NOMINATED NODE   READINESS GATES
                web-7d4b9c6f5-x2x7q   1/1     Running     2 (10m ago)   60m   10.42.0.5   node-1   <none>           <none>
                migrate-5kq9z         0/1     Completed   0             3d    <none>      node-2   <none>           0/1
                """);
    }

    @Test
    void getDeploymentsAndServices() throws Exception {
        assertThat(kubectl("get", "deploy")).isEqualTo("""
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE
                web    2/3     3            2           24h
                """);
        assertThat(kubectl("get", "svc")).isEqualTo("""
                NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)                      AGE
                kubernetes   ClusterIP      10.43.0.1    <none>        443/TCP                      31d
                web          LoadBalancer   10.43.12.7   <pending>     80:30080/TCP,443:30443/TCP   45s
                db           ClusterIP      None         <none>        5432/TCP                     150m
                """);
    }

    /** Every kind in the catalogue, in one {@code kubectl get}: kubectl accepts each Table. */
    @Test
    void getEveryKind() throws Exception {
        List<String> names = catalogue.all().stream()
                .map(t -> t.group().isEmpty() ? t.plural() : t.plural() + "." + t.version() + "." + t.group())
                .toList();
        String out = kubectl("get", String.join(",", names));
        for (ResourceType t : catalogue.all()) {
            if (t.kind().equals("Event") || objects.containsKey(t.plural())) {
                continue; // NAME is a wide column for events; fixtures have their own names
            }
            String kind = t.kind().toLowerCase(java.util.Locale.ROOT);
            String shown = (t.group().isEmpty() ? kind : kind + "." + t.group()) + "/x";
            assertThat(out).as(t.apiVersion() + " " + t.plural()).contains("\n" + shown + " ");
        }
    }

    private String kubectl(String... args) throws Exception {
        assertThat(KUBECTL).as("kubectl must be installed for this test").isExecutable();
        List<String> command = new java.util.ArrayList<>(List.of(KUBECTL.toString(),
                "--kubeconfig", home.resolve("kubeconfig").toString(),
                "--cache-dir", home.resolve("cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return out;
    }

    private void serve(HttpExchange ex) throws IOException {
        String[] path = ex.getRequestURI().getPath().replaceAll("^/|/$", "").split("/");
        boolean core = path[0].equals("api");
        int discoveryDepth = core ? 2 : 3;
        Object body;
        if (path.length == 1) {
            body = core ? Map.of("kind", "APIVersions", "versions", List.of("v1")) : groups();
        } else if (path.length == discoveryDepth) {
            body = core ? resources("", path[1]) : resources(path[1], path[2]);
        } else {
            body = table(path);
        }
        byte[] bytes = mapper.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private ObjectNode groups() {
        ObjectNode list = mapper.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        catalogue.groupVersions().forEach((group, versions) -> {
            if (group.isEmpty()) {
                return;
            }
            ObjectNode g = groups.addObject().put("name", group);
            ArrayNode vs = g.putArray("versions");
            versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
            g.set("preferredVersion", vs.get(0));
        });
        return list;
    }

    private ObjectNode resources(String group, String version) {
        String gv = group.isEmpty() ? version : group + "/" + version;
        ObjectNode list = mapper.createObjectNode().put("kind", "APIResourceList")
                .put("apiVersion", "v1").put("groupVersion", gv);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType t : catalogue.all()) {
            if (t.apiVersion().equals(gv)) {
                ObjectNode r = resources.addObject().put("name", t.plural())
                        .put("singularName", t.singular()).put("namespaced", t.namespaced())
                        .put("kind", t.kind());
                t.verbs().forEach(r.putArray("verbs")::add);
                t.shortNames().forEach(r.putArray("shortNames")::add);
                t.categories().forEach(r.putArray("categories")::add);
            }
        }
        return list;
    }

    private static HasMetadata bare(ResourceType type) {
        try {
            HasMetadata o = type.type().getDeclaredConstructor().newInstance();
            o.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("x")
                    .withCreationTimestamp("2025-06-01T11:00:00Z").build());
            return o;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code /api/v1/namespaces/default/pods} or {@code /apis/apps/v1/namespaces/default/deployments}. */
    private ObjectNode table(String[] path) {
        boolean core = path[0].equals("api");
        String group = core ? "" : path[1];
        String version = core ? path[1] : path[2];
        String plural = path[path.length - 1];
        ResourceType type = catalogue.find(group, version, plural).orElse(null);
        if (type == null) {
            return null;
        }
        return converter.toTable(type, objects.getOrDefault(plural, List.of(bare(type))),
                new ListMetaBuilder().withResourceVersion("1300").build(), IncludeObject.METADATA);
    }
}
