package io.j8s.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens to a request before its handler runs, against a real server over raw sockets:
 * authentication before the body, upstream's request attributes for the authorizer, the in-flight
 * limit, slow and idle connections, and metrics that random paths cannot grow.
 */
class GateIT {
    private static final String ADMIN = "Authorization: Bearer admin-token\r\n";
    private static final String JANE = "Authorization: Bearer jane-token\r\n";
    private static final String MALLORY = "Authorization: Bearer mallory-token\r\n";
    private static final String JSON = "Content-Type: application/json\r\n";

    private static Path dir;
    private static Store store;
    private static ApiServer server;
    private static final List<Attributes> ASKED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("j8s-gate");
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "admin-token,root,1,\"system:masters\"\n"
                + "jane-token,jane,2,\"developers\"\n"
                + "mallory-token,mallory,3,\"developers\"\n");
        store = Store.builder().dataDir(dir.resolve("db")).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .authenticator(Authenticator.tokenFile(tokens))
                .authorizer(a -> {
                    ASKED.add(a);
                    return !a.user().name().equals("mallory");
                })
                .limits(new ServingLimits(50, 2, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        Directories.deleteRecursively(dir);
    }

    @BeforeEach
    void forget() {
        ASKED.clear();
    }

    private static RawHttp.Response call(String method, String path, String headers, String body)
            throws Exception {
        return RawHttp.exchange(server.port(), method, path, headers, body);
    }

    @Test
    void theAuthorizerSeesUpstreamsAttributes() throws Exception {
        assertThat(call("GET", "/api/v1/watch/namespaces/default/pods?timeoutSeconds=1", ADMIN,
                "").code()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/namespaces/default/configmaps?watch=True"
                + "&timeoutSeconds=1", ADMIN, "").code()).isEqualTo(200);
        call("GET", "/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb", ADMIN,
                "");
        call("PUT", "/api/v1/namespaces/kube-system/status", ADMIN + JSON, "{}");
        call("DELETE", "/apis/apps/v1/namespaces/default/deployments?dryRun=All", ADMIN, "");
        call("GET", "/api/v1/namespaces/default/pods/web/log", ADMIN, "");
        call("GET", "/metrics", ADMIN, "");
        assertThat(ASKED).extracting(a -> a.verb() + " " + a.apiGroup() + "/" + a.apiVersion()
                + " " + a.resource() + "/" + a.subresource() + " " + a.namespace() + "/"
                + a.name() + " " + a.path())
                .containsExactly(
                        "watch /v1 pods/ default/ ",
                        "watch /v1 configmaps/ default/ ",
                        "list /v1 pods/ default/web ",
                        "update /v1 namespaces/status kube-system/kube-system ",
                        "deletecollection apps/v1 deployments/ default/ ",
                        "get /v1 pods/log default/web ",
                        "get / / / /metrics");
    }

    @Test
    void aDenialIsUpstreamsForbiddenNamingTheObject() throws Exception {
        RawHttp.Response r = call("GET", "/api/v1/namespaces/default/pods/web", MALLORY, "");
        assertThat(r.code()).isEqualTo(403);
        JsonNode status = Json.MAPPER.readTree(r.body());
        assertThat(status.path("message").asText()).isEqualTo("pods \"web\" is forbidden: User"
                + " \"mallory\" cannot get resource \"pods\" in API group \"\" in the namespace"
                + " \"default\"");
        assertThat(status.path("details").path("name").asText()).isEqualTo("web");
        assertThat(status.path("details").path("kind").asText()).isEqualTo("pods");
        assertThat(status.path("details").has("group")).as("empty, so left out").isFalse();
        RawHttp.Response path = call("GET", "/metrics", MALLORY, "");
        assertThat(Json.MAPPER.readTree(path.body()).path("message").asText())
                .isEqualTo("forbidden: User \"mallory\" cannot get path \"/metrics\"");
    }

    @Test
    void anUnauthenticatedBigPostIsRefusedBeforeItsBodyIsRead() throws Exception {
        try (RawHttp http = new RawHttp(server.port(), 5_000)) {
            http.send("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n"
                    + JSON + "Content-Length: " + (3 * 1024 * 1024) + "\r\n\r\n");
            http.send(new byte[1024]); // and not one byte more
            RawHttp.Response r = http.read();
            assertThat(r.code()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body()).path("reason").asText())
                    .isEqualTo("Unauthorized");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(server.port(), 5_000)) {
            http.send("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer nobody\r\n" + JSON
                    + "Transfer-Encoding: chunked\r\n\r\n400\r\n" + "x".repeat(1024) + "\r\n");
            assertThat(http.read().code()).isEqualTo(401);
        }
    }

    @Test
    void aBodyOverThreeMebibytesIsRefusedAsItArrives() throws Exception {
        try (RawHttp http = new RawHttp(server.port(), 5_000)) {
            http.send("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n"
                    + ADMIN + JSON + "Content-Length: " + (3 * 1024 * 1024 + 1) + "\r\n\r\n");
            RawHttp.Response r = http.read();
            assertThat(r.code()).isEqualTo(413);
            assertThat(Json.MAPPER.readTree(r.body()).path("message").asText())
                    .isEqualTo("Request entity too large: limit is 3145728");
        }
        try (RawHttp http = new RawHttp(server.port(), 5_000)) {
            http.send("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n"
                    + ADMIN + JSON + "Transfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(64 * 1024);
            RawHttp.Response r;
            try {
                for (int sent = 0; sent <= 3 * 1024 * 1024; sent += chunk.length()) {
                    http.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
                }
            } catch (java.io.IOException closed) {
                // the server may close before the last chunks are written: that is the point
            }
            r = http.read(); // no end of body was sent: the server stopped at the limit
            assertThat(r.code()).isEqualTo(413);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void badCredentialsAre401EvenOnTheOpenPathsAndNoneAreWelcomeThere() throws Exception {
        for (String path : List.of("/healthz", "/version", "/readyz", "/livez")) {
            assertThat(call("GET", path, "Authorization: Bearer wrong\r\n", "").code())
                    .as(path).isEqualTo(401);
            assertThat(call("GET", path, "", "").code()).as(path).isEqualTo(200);
        }
        assertThat(call("GET", "/api/v1/pods", "", "").code()).isEqualTo(401);
    }

    @Test
    void requestsBeyondTheMutatingLimitGet429WhileReadsWatchesAndAdminsGoOn() throws Exception {
        List<RawHttp> holders = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawHttp h = new RawHttp(server.port(), 10_000);
                h.send("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n"
                        + JANE + JSON + "Content-Length: 2\r\n\r\n");
                holders.add(h);
            }
            // the two bodies never come: both places stay taken
            RawHttp.Response refused = awaitCode(429, JANE);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.body()).isEqualTo("Too many requests, please try again later.\n");
            assertThat(call("GET", "/api/v1/namespaces/default/configmaps", JANE, "").code())
                    .isEqualTo(200);
            assertThat(call("GET", "/api/v1/namespaces/default/configmaps?watch=1"
                    + "&timeoutSeconds=1", JANE, "").code()).isEqualTo(200);
            assertThat(post(ADMIN).code()).as("system:masters is never refused").isEqualTo(201);

            holders.getFirst().send("{}");
            assertThat(holders.getFirst().read().code()).isEqualTo(422);
            assertThat(awaitNot(429, JANE).code()).isEqualTo(201);
        } finally {
            for (RawHttp h : holders) {
                h.close();
            }
        }
    }

    private static int created;

    private static RawHttp.Response post(String who) throws Exception {
        return call("POST", "/api/v1/namespaces/default/configmaps", who + JSON,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-"
                        + (created++) + "\"}}");
    }

    private static RawHttp.Response awaitCode(int code, String who) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RawHttp.Response r;
        do {
            r = post(who);
        } while (r.code() != code && System.nanoTime() < deadline);
        assertThat(r.code()).isEqualTo(code);
        return r;
    }

    private static RawHttp.Response awaitNot(int code, String who) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RawHttp.Response r;
        do {
            r = post(who);
        } while (r.code() == code && System.nanoTime() < deadline);
        return r;
    }

    @Test
    void aClientThatSendsHalfAHeaderIsCutOff() throws Exception {
        try (RawHttp http = new RawHttp(server.port(), 15_000)) {
            http.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            long started = System.nanoTime();
            assertThat(http.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedButALongWatchIsNot() throws Exception {
        try (RawHttp http = new RawHttp(server.port(), 15_000)) {
            http.send("GET /api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=3"
                    + " HTTP/1.1\r\nHost: x\r\n" + ADMIN + "\r\n");
            long started = System.nanoTime();
            RawHttp.Response watch = http.read(); // the stream ends at its own timeout
            assertThat(watch.code()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThan(Duration.ofMillis(2500));
            assertThat(http.closedByServer()).as("then idle for more than 1 s").isTrue();
        }
    }

    @Test
    void randomPathsCannotGrowTheMetrics() throws Exception {
        series(); // the scrape itself is one series
        flood(new Random(14), 500);
        List<String> before = series();
        flood(new Random(22), 500);
        List<String> after = series();
        assertThat(after.stream().map(GateIT::labels).toList())
                .as("500 more random paths make no new series")
                .containsExactlyInAnyOrderElementsOf(before.stream().map(GateIT::labels)
                        .toList());
        assertThat(after).hasSizeLessThan(100);
        assertThat(String.join("\n", after)).contains("resource=\"unknown\"")
                .contains("verb=\"unknown\"").doesNotContain("PROPFIND");
    }

    private static void flood(Random random, int requests) throws Exception {
        String[] methods = {"GET", "POST", "DELETE", "PATCH", "PUT", "PROPFIND"};
        for (int i = 0; i < requests; i++) {
            String word = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            String path = switch (i % 5) {
                case 0 -> "/" + word;
                case 1 -> "/api/v1/" + word;
                case 2 -> "/apis/" + word + "/v1/namespaces/default/" + word + "/x/" + word;
                case 3 -> "/api/v1/namespaces/default/pods/x/" + word;
                default -> "/apis/apps/" + word + "/deployments";
            };
            call(methods[i % methods.length], path, i % 7 == 0 ? "" : ADMIN, "");
        }
    }

    private static List<String> series() throws Exception {
        return call("GET", "/metrics", ADMIN, "").body().lines()
                .filter(l -> l.startsWith("apiserver_request_total{")).toList();
    }

    private static String labels(String line) {
        return line.substring(0, line.indexOf('}') + 1);
    }
}
