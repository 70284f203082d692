package io.j8s.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.j8s.apiserver.pki.CertificateFiles;
import io.j8s.apiserver.pki.ClientCredentials;
import io.j8s.apiserver.pki.ClusterPki;
import io.j8s.kubelet.logs.ContainerLogRotation;
import io.j8s.kubelet.logs.CriLogReader;
import io.j8s.kubelet.runtime.ContainerStatus.State;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.streamclient.SpdyStreamingClient;
import io.netty.handler.ssl.SslContextBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet API over HTTPS with client certificates of a real cluster PKI: logs with their
 * options, previous instances and errors, a followed log across a rotation, 401 and 403, /pods,
 * /healthz, /metrics, /stats/summary, and exec through the streaming client.
 */
class KubeletServerTest {
    @TempDir
    static Path dir;
    private static ClusterPki pki;
    private static TestNodePods pods;
    private static TestRuntime runtime;
    private static KubeletServer server;
    private static Vertx vertx;
    private static HttpClient apiServer;
    private static HttpClient anonymous;
    private static HttpClient otherNode;
    private static Path appLog;

    @BeforeAll
    static void start() throws Exception {
        pki = ClusterPki.loadOrCreate(dir.resolve("tls"), List.of("localhost"), List.of("127.0.0.1"));
        CertificateFiles serving = pki.kubeletServing("node-1", List.of("localhost"), List.of("127.0.0.1"));
        pods = new TestNodePods();
        runtime = new TestRuntime();
        Pod web = new PodBuilder().withNewMetadata().withNamespace("default").withName("web")
                .withUid("0f3c").endMetadata().withNewSpec().addNewContainer().withName("app").endContainer()
                .addNewContainer().withName("side").endContainer().endSpec().withNewStatus()
                .addNewContainerStatus().withName("side").withNewState().withNewWaiting()
                .withReason("ContainerCreating").endWaiting().endState().endContainerStatus()
                .endStatus().build();
        pods.add(web, "sandbox-1");
        runtime.sandbox("sandbox-1", "default", "web");
        Path logs = Files.createDirectories(dir.resolve("pods/default_web_0f3c/app"));
        appLog = logs.resolve("1.log");
        Files.writeString(appLog, String.join("\n",
                "2026-01-02T03:04:05.000000001Z stdout F one",
                "2026-01-02T03:04:06.000000000Z stderr P tw",
                "not a CRI line",
                "2026-01-02T03:04:06.500000000Z stderr F o",
                "2026-01-02T03:04:07.000000000Z stdout F three",
                Instant.now().toString() + " stdout F fresh", ""));
        Path previous = logs.resolve("0.log");
        Files.writeString(previous, "2026-01-02T03:00:00Z stdout F before the restart\n");
        pods.container("default", "web", "app", false, "c-1", appLog);
        pods.container("default", "web", "app", true, "c-0", previous);
        runtime.container("c-1", "app", State.EXITED, appLog);
        runtime.container("c-0", "app", State.EXITED, previous);
        writeStatsFiles();
        server = KubeletServer.builder().address(InetAddress.getLoopbackAddress()).port(0)
                .servingCertificate(serving.certFile(), serving.keyFile())
                .clientCaFile(pki.caCertFile()).nodeName("node-1").pods(pods).runtime(runtime)
                .logReader(new CriLogReader(Duration.ofMillis(20)))
                .statsFrom(dir.resolve("proc"), dir.resolve("cgroup")).start();
        vertx = Vertx.vertx();
        apiServer = client(pki.clientCredentials("kube-apiserver-kubelet-client", List.of("system:masters")));
        otherNode = client(pki.clientCredentials("system:node:node-2", List.of("system:nodes")));
        anonymous = client(null);
    }

    /** /proc and a cgroup v1 tree as the kernel shows them, for pod web (uid 0f3c, burstable). */
    private static void writeStatsFiles() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  100 0 50 1000 0 0 0 0 0 0\nbtime 1767322800\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 4000 kB\nMemFree: 1000 kB\n"
                + "MemAvailable: 2500 kB\nInactive(file): 500 kB\nAnonPages: 800 kB\n");
        Files.writeString(proc.resolve("vmstat"), "pgfault 42\npgmajfault 3\n");
        Path pod = Path.of("kubepods/burstable/pod0f3c");
        for (Path p : List.of(pod, pod.resolve("c-1"))) {
            Path memory = Files.createDirectories(dir.resolve("cgroup/memory").resolve(p));
            Files.writeString(memory.resolve("memory.usage_in_bytes"), "2000000\n");
            Files.writeString(memory.resolve("memory.stat"), "total_rss 1500000\ntotal_inactive_file 500000\n");
            Path cpu = Files.createDirectories(dir.resolve("cgroup/cpuacct").resolve(p));
            Files.writeString(cpu.resolve("cpuacct.usage"), "5000000000\n");
        }
    }

    private static HttpClient client(ClientCredentials who) {
        HttpClientOptions options = new HttpClientOptions().setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(pki.caCertFile().toString()))
                .setDefaultHost("127.0.0.1").setDefaultPort(server.port());
        if (who != null) {
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(who.certFile().toString())
                    .setKeyPath(who.keyFile().toString()));
        }
        return vertx.createHttpClient(options);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String get(HttpClient client, String uri) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        onContext(() -> client.request(HttpMethod.GET, uri).compose(r -> r.send())
                .compose(r -> r.body().map(b -> r.statusCode() + " " + b.toString()))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        answer.complete(ar.result());
                    } else {
                        answer.completeExceptionally(ar.cause());
                    }
                }));
        return answer.get(10, TimeUnit.SECONDS);
    }

    /**
     * Runs {@code start} on a Vert.x context, so that the response's handlers are set in the tick
     * its head arrives in: set later from the test thread, they miss what came before.
     */
    private static void onContext(Runnable start) {
        vertx.getOrCreateContext().runOnContext(v -> start.run());
    }

    @Test
    void logsJoinPartialLinesAndHonourTailTimestampsSinceAndLimitBytes() throws Exception {
        assertThat(get(apiServer, "/containerLogs/default/web/app")).isEqualTo("200 one\ntwo\nthree\nfresh\n");
        assertThat(get(apiServer, "/containerLogs/default/web/app?tailLines=3&timestamps=true"))
                .startsWith("200 2026-01-02T03:04:06.000000000Z two\n2026-01-02T03:04:07.000000000Z three\n")
                .endsWith(" fresh\n");
        assertThat(get(apiServer, "/containerLogs/default/web/app?sinceTime=2026-01-02T03:04:06Z"))
                .isEqualTo("200 two\nthree\nfresh\n");
        assertThat(get(apiServer, "/containerLogs/default/web/app?sinceSeconds=600")).isEqualTo("200 fresh\n");
        assertThat(get(apiServer, "/containerLogs/default/web/app?limitBytes=5")).isEqualTo("200 one\nt");
        assertThat(get(apiServer, "/containerLogs/default/web/app?sinceSeconds=1&sinceTime=2026-01-02T03:04:06Z"))
                .isEqualTo("422 {\"message\": \"Invalid request.\"}\n");
    }

    @Test
    void previousLogsAndTheKubeletsSentences() throws Exception {
        assertThat(get(apiServer, "/containerLogs/default/web/app?previous=true"))
                .isEqualTo("200 before the restart\n");
        assertThat(get(apiServer, "/containerLogs/default/web/side?previous=true"))
                .isEqualTo("400 previous terminated container \"side\" in pod \"web\" not found\n");
        assertThat(get(apiServer, "/containerLogs/default/web/side"))
                .isEqualTo("400 container \"side\" in pod \"web\" is waiting to start: ContainerCreating\n");
        assertThat(get(apiServer, "/containerLogs/default/web/nope"))
                .isEqualTo("404 container \"nope\" not found in pod \"web\"\n");
        assertThat(get(apiServer, "/containerLogs/default/nope/app")).isEqualTo("404 pod \"nope\" does not exist\n");
    }

    @Test
    void aFollowedLogKeepsGoingAcrossARotationAndEndsWithTheContainer() throws Exception {
        Path log = Files.createDirectories(dir.resolve("pods/default_tail_1/main")).resolve("0.log");
        Files.writeString(log, line("first"));
        Pod tail = new PodBuilder().withNewMetadata().withNamespace("default").withName("tail")
                .withUid("1").endMetadata().withNewSpec().addNewContainer().withName("main")
                .endContainer().endSpec().build();
        pods.add(tail, "sandbox-2");
        pods.container("default", "tail", "main", false, "c-tail", log);
        runtime.container("c-tail", "main", State.RUNNING, log);

        StringBuffer received = new StringBuffer();
        CompletableFuture<Integer> ended = new CompletableFuture<>();
        onContext(() -> apiServer.request(HttpMethod.GET, "/containerLogs/default/tail/main?follow=true")
                .compose(r -> r.send()).onSuccess(r -> {
                    r.handler(b -> received.append(b.toString(StandardCharsets.UTF_8)));
                    r.endHandler(v -> ended.complete(r.statusCode()));
                }).onFailure(ended::completeExceptionally));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.toString().equals("first\n"));

        append(log, line("second"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.toString().equals("first\nsecond\n"));

        // Written just before the rotation: the reader drains the old file before the new one.
        append(log, line("last in the old file"));
        ContainerLogRotation rotation = new ContainerLogRotation(runtime, 10, 5, Clock.systemUTC());
        rotation.rotate();
        assertThat(runtime.reopened).hasValue(1);
        append(log, line("first in the new file"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.toString().endsWith("new file\n"));
        assertThat(ended).isNotDone();

        runtime.exited("c-tail");
        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(received.toString())
                .isEqualTo("first\nsecond\nlast in the old file\nfirst in the new file\n");
    }

    private static String line(String text) {
        return Instant.now().atOffset(ZoneOffset.UTC) + " stdout F " + text + "\n";
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    @Test
    void clientsWithoutACertificateAreUnauthorizedAndOtherUsersForbidden() throws Exception {
        assertThat(get(anonymous, "/pods")).isEqualTo("401 Unauthorized\n");
        assertThat(get(anonymous, "/containerLogs/default/web/app")).isEqualTo("401 Unauthorized\n");
        assertThat(get(otherNode, "/containerLogs/default/web/app")).isEqualTo("403 Forbidden "
                + "(user=system:node:node-2, verb=get, resource=nodes, subresource=proxy)\n");
        assertThat(get(otherNode, "/stats/summary")).isEqualTo("403 Forbidden "
                + "(user=system:node:node-2, verb=get, resource=nodes, subresource=stats)\n");
    }

    @Test
    void podsHealthzAndMetrics() throws Exception {
        assertThat(get(apiServer, "/healthz")).isEqualTo("200 ok");
        assertThat(get(apiServer, "/pods")).startsWith("200 {").contains("\"kind\":\"PodList\"")
                .contains("\"name\":\"web\"");
        assertThat(get(apiServer, "/metrics")).contains("kubelet_running_pods 1")
                .contains("kubelet_node_name{node=\"node-1\"} 1");
    }

    @Test
    void statsSummaryHasTheNodeAndEachPodsCgroupFigures() throws Exception {
        String first = get(apiServer, "/stats/summary");
        assertThat(first).startsWith("200 ");
        Files.writeString(dir.resolve("cgroup/cpuacct/kubepods/burstable/pod0f3c/c-1/cpuacct.usage"),
                "6000000000\n");
        JsonNode summary = new ObjectMapper().readTree(get(apiServer, "/stats/summary").substring(4));
        JsonNode node = summary.path("node");
        assertThat(node.path("nodeName").asText()).isEqualTo("node-1");
        assertThat(node.path("startTime").asText()).isEqualTo("2026-01-02T03:00:00Z");
        assertThat(node.path("cpu").path("usageCoreNanoSeconds").asLong()).isEqualTo(1_500_000_000L);
        assertThat(node.path("memory").path("usageBytes").asLong()).isEqualTo(3000 * 1024);
        assertThat(node.path("memory").path("workingSetBytes").asLong()).isEqualTo(2500 * 1024);
        assertThat(node.path("memory").path("availableBytes").asLong()).isEqualTo(1500 * 1024);
        JsonNode web = null;
        for (JsonNode pod : summary.path("pods")) {
            if (pod.path("podRef").path("name").asText().equals("web")) {
                web = pod;
            }
        }
        assertThat(web).isNotNull();
        assertThat(web.path("podRef").path("uid").asText()).isEqualTo("0f3c");
        assertThat(web.path("memory").path("workingSetBytes").asLong()).isEqualTo(1_500_000);
        JsonNode app = web.path("containers").get(0);
        assertThat(app.path("name").asText()).isEqualTo("app");
        assertThat(app.path("cpu").path("usageCoreNanoSeconds").asLong()).isEqualTo(6_000_000_000L);
        assertThat(app.path("cpu").path("usageNanoCores").asLong()).isPositive();
        assertThat(app.path("memory").path("rssBytes").asLong()).isEqualTo(1_500_000);
        assertThat(web.path("containers").get(1).has("cpu")).as("side has no container id").isFalse();
    }

    @Test
    void webSocketExecPassesAuthenticationToo() throws Exception {
        List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket ws = apiServer.webSocket(new WebSocketConnectOptions()
                .setURI("/exec/default/web/app?command=cat&stdin=1&stdout=1")
                .setSubProtocols(List.of("v5.channel.k8s.io")))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ws.binaryMessageHandler(b -> got.add((b.getByte(0) & 0xff) + ":" + b.getString(1, b.length())));
        ws.closeHandler(v -> closed.complete(null));
        ws.writeBinaryMessage(Buffer.buffer().appendByte((byte) 0).appendString("over ws"));
        ws.writeBinaryMessage(Buffer.buffer().appendByte((byte) 255).appendByte((byte) 0));
        closed.get(10, TimeUnit.SECONDS);
        assertThat(got).containsExactly("1:over ws", "3:{\"metadata\":{},\"status\":\"Success\"}");
        // /metrics counts the upgrade by endpoint, transport and protocol.
        assertThat(get(apiServer, "/metrics")).containsPattern("kubelet_streaming_upgrades_total"
                + "\\{endpoint=\"exec\",protocol=\"v5.channel.k8s.io\",transport=\"websocket\"} [1-9]");
    }

    @Test
    void execAndPortForwardGoThroughNodePodsToTheRuntime() throws Exception {
        ClientCredentials who = pki.clientCredentials("kube-apiserver-kubelet-client", List.of("system:masters"));
        try (SpdyStreamingClient client = new SpdyStreamingClient(SslContextBuilder.forClient()
                .trustManager(pki.caCertFile().toFile())
                .keyManager(who.certFile().toFile(), who.keyFile().toFile()).build())) {
            String base = "https://127.0.0.1:" + server.port() + "/exec/default/web/app?";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(client.remoteCommand(URI.create(base + "command=cat&stdin=1&stdout=1"),
                    new ProcessStreams(new ByteArrayInputStream("to c-1".getBytes()), out, null, false)))
                    .isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("to c-1");
            assertThat(client.remoteCommand(URI.create(base + "command=sh&command=-c&command=exit+3&stdout=1"),
                    new ProcessStreams(null, new ByteArrayOutputStream(), null, false))).isEqualTo(3);
            // Port-forward reaches the runtime with the pod's sandbox id.
            try (PortConnection c = client.portForward(URI.create("https://127.0.0.1:" + server.port()
                    + "/portForward/default/web"), 8080)) {
                assertThatThrownBy(() -> c.input().readAllBytes()).isInstanceOf(IOException.class)
                        .hasMessage("error forwarding port 8080 to pod web: nothing listens on 8080 in sandbox-1");
            }
        }
    }
}
