package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.store.Store;
import io.j8s.testkit.EtcdServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two API servers, each with its own store client, on one real etcd, as a highly available
 * control plane runs them: creates sent to both at once must not be given one cluster IP or node
 * port twice, nor together pass a ResourceQuota.
 */
class TwoServersOneEtcdIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EtcdServer etcd;
    private static final List<Store> stores = new ArrayList<>();
    private static final List<ApiServer> servers = new ArrayList<>();

    @BeforeAll
    static void start() {
        etcd = EtcdServer.start();
        for (int i = 0; i < 2; i++) {
            Store store = Store.builder().endpoint(etcd.endpoint()).open();
            stores.add(store);
            servers.add(ApiServer.builder().store(store).host("127.0.0.1").port(0)
                    .anonymousAdminForTests().start());
        }
    }

    @AfterAll
    static void stop() {
        servers.forEach(ApiServer::close);
        stores.forEach(Store::close);
        if (etcd != null) {
            etcd.close();
        }
    }

    private record Answer(int code, JsonNode body) {}

    private static Answer send(int server, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + servers.get(server).port() + path)).header("Content-Type", "application/json");
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> resp = HTTP.send(r.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(resp.statusCode(),
                Json.tree(resp.body().getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs {@code count} requests, alternating between the servers, 16 at a time. */
    private static List<Answer> concurrently(int count, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> request.send(n % 2, n)));
            }
            List<Answer> out = new ArrayList<>();
            for (Future<Answer> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Request {
        Answer send(int server, int n) throws Exception;
    }

    @Test
    void servicesCreatedThroughBothServersAtOnceNeverShareAClusterIpOrANodePort()
            throws Exception {
        assertThat(send(0, "POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"svc\"}}")
                .code()).isEqualTo(201);
        List<Answer> clusterIps = concurrently(200, (server, n) -> send(server, "POST",
                "/api/v1/namespaces/svc/services", "{\"metadata\":{\"name\":\"c-" + n + "\"},"
                        + "\"spec\":{\"ports\":[{\"port\":80}]}}"));
        List<Answer> nodePorts = concurrently(60, (server, n) -> send(server, "POST",
                "/api/v1/namespaces/svc/services", "{\"metadata\":{\"name\":\"n-" + n + "\"},"
                        + "\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"name\":\"a\","
                        + "\"port\":80},{\"name\":\"b\",\"port\":81}]}}"));
        Set<String> ips = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        List<Answer> all = new ArrayList<>(clusterIps);
        all.addAll(nodePorts);
        for (Answer a : all) {
            assertThat(a.code()).as(a.body().toString()).isEqualTo(201);
            String ip = a.body().path("spec").path("clusterIP").asText();
            assertThat(ips.add(ip)).as("cluster IP %s given twice", ip).isTrue();
            for (JsonNode p : a.body().path("spec").path("ports")) {
                if (p.has("nodePort")) {
                    int port = p.get("nodePort").asInt();
                    assertThat(ports.add(port)).as("node port %d given twice", port).isTrue();
                }
            }
        }
        assertThat(ips).hasSize(260).doesNotContain("10.43.0.1");
        assertThat(ports).hasSize(120);

        // a port one server holds is refused by the other, and free for it once deleted
        int held = nodePorts.get(0).body().path("spec").path("ports").get(0).path("nodePort")
                .asInt();
        String wantsHeld = "{\"metadata\":{\"name\":\"wants-held\"},\"spec\":{\"type\":"
                + "\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":" + held + "}]}}";
        Answer refused = send(1, "POST", "/api/v1/namespaces/svc/services", wantsHeld);
        assertThat(refused.code()).isEqualTo(422);
        assertThat(refused.body().path("message").asText())
                .contains("provided port is already allocated");
        String heldIp = clusterIps.get(1).body().path("spec").path("clusterIP").asText();
        Answer ipRefused = send(0, "POST", "/api/v1/namespaces/svc/services",
                "{\"metadata\":{\"name\":\"wants-ip\"},\"spec\":{\"clusterIP\":\"" + heldIp
                        + "\",\"ports\":[{\"port\":80}]}}");
        assertThat(ipRefused.code()).isEqualTo(422);
        assertThat(ipRefused.body().path("message").asText())
                .contains("provided IP is already allocated");

        assertThat(send(0, "DELETE", "/api/v1/namespaces/svc/services/n-0", null).code())
                .isEqualTo(200);
        assertThat(send(1, "POST", "/api/v1/namespaces/svc/services", wantsHeld).code())
                .isEqualTo(201);
        assertThat(send(1, "DELETE", "/api/v1/namespaces/svc/services/c-1", null).code())
                .isEqualTo(200);
        assertThat(send(0, "POST", "/api/v1/namespaces/svc/services",
                "{\"metadata\":{\"name\":\"wants-ip\"},\"spec\":{\"clusterIP\":\"" + heldIp
                        + "\",\"ports\":[{\"port\":80}]}}").code()).isEqualTo(201);

        // a restarted server knows what the services hold (261: 260, less two deleted, and three)
        servers.get(1).close();
        stores.get(1).close();
        stores.set(1, Store.builder().endpoint(etcd.endpoint()).open());
        servers.set(1, ApiServer.builder().store(stores.get(1)).host("127.0.0.1").port(0)
                .anonymousAdminForTests().start());
        Answer afterRestart = send(1, "POST", "/api/v1/namespaces/svc/services",
                "{\"metadata\":{\"name\":\"after-restart\"},\"spec\":{\"clusterIP\":\""
                        + heldIp + "\",\"ports\":[{\"port\":80}]}}");
        assertThat(afterRestart.code()).isEqualTo(422);
        assertThat(send(1, "POST", "/api/v1/namespaces/svc/services",
                "{\"metadata\":{\"name\":\"after-restart\"},\"spec\":{\"ports\":"
                        + "[{\"port\":80}]}}").code()).isEqualTo(201);
        List<String> heldIps = new ArrayList<>();
        send(0, "GET", "/api/v1/namespaces/svc/services", null).body().path("items")
                .forEach(item -> heldIps.add(item.path("spec").path("clusterIP").asText()));
        assertThat(heldIps).hasSize(261).doesNotHaveDuplicates();

        // the pools are upstream's RangeAllocation objects in the store
        String range = stores.get(0).get("/registry/ranges/serviceips").orElseThrow()
                .valueAsString();
        assertThat(range).contains("\"kind\":\"RangeAllocation\"")
                .contains("\"range\":\"10.43.0.0/16\"");
        assertThat(stores.get(0).get("/registry/ranges/servicenodeports")).isPresent();
    }

    @Test
    void podsCreatedThroughBothServersAtOnceNeverPassAQuota() throws Exception {
        // eight namespaces with a quota of five pods each, and sixteen creates in each at once:
        // eight chances for the two servers to take the last pod of a quota together
        int namespaces = 8;
        for (int i = 0; i < namespaces; i++) {
            assertThat(send(i % 2, "POST", "/api/v1/namespaces",
                    "{\"metadata\":{\"name\":\"quota-" + i + "\"}}").code()).isEqualTo(201);
            assertThat(send(i % 2, "POST", "/api/v1/namespaces/quota-" + i + "/resourcequotas",
                    "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"hard\":{\"pods\":\"5\"}}}")
                    .code()).isEqualTo(201);
        }
        List<Answer> answers = concurrently(16 * namespaces, (server, n) -> send(server, "POST",
                "/api/v1/namespaces/quota-" + (n / 2) % namespaces + "/pods", pod("p-" + n)));
        for (Answer a : answers) {
            if (a.code() != 201) {
                assertThat(a.code()).as(a.body().toString()).isEqualTo(403);
                assertThat(a.body().path("message").asText()).contains("exceeded quota: q");
            }
        }
        for (int i = 0; i < namespaces; i++) {
            assertThat(send(i % 2, "GET", "/api/v1/namespaces/quota-" + i + "/pods", null)
                    .body().path("items")).as("pods in quota-%d", i).hasSize(5);
            assertThat(used(i % 2, i)).isEqualTo("5");
        }

        // deletes give back: two gone, two more fit, and no third
        JsonNode pods = send(0, "GET", "/api/v1/namespaces/quota-0/pods", null).body()
                .path("items");
        for (int i = 0; i < 2; i++) {
            assertThat(send(i, "DELETE", "/api/v1/namespaces/quota-0/pods/"
                    + pods.get(i).path("metadata").path("name").asText()
                    + "?gracePeriodSeconds=0", null).code()).isEqualTo(200);
        }
        assertThat(used(1, 0)).isEqualTo("3");
        List<Answer> again = concurrently(8, (server, n) -> send(server, "POST",
                "/api/v1/namespaces/quota-0/pods", pod("again-" + n)));
        assertThat(again.stream().filter(a -> a.code() == 201).count()).isEqualTo(2);
        assertThat(used(0, 0)).isEqualTo("5");
    }

    private static String pod(String name) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":"
                + "\"c\",\"image\":\"busybox\"}]}}";
    }

    private static String used(int server, int namespace) throws Exception {
        return send(server, "GET", "/api/v1/namespaces/quota-" + namespace
                + "/resourcequotas/q", null).body()
                .path("status").path("used").path("pods").asText();
    }
}
