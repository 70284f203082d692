package io.j8s.apiserver.kubeletproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.ApiServerBuilder;
import io.j8s.apiserver.TestApiServer;
import io.j8s.apiserver.pki.CertificateFiles;
import io.j8s.apiserver.pki.ClientCredentials;
import io.j8s.apiserver.pki.ClusterPki;
import io.j8s.testkit.FreePorts;
import io.j8s.testkit.Kubectl;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pods/log, exec, attach and portforward through a real API server (TLS, in-process) to a fake
 * kubelet: what the kubelet is asked, what comes back, and the errors a user meets.
 */
class PodStreamProxyIT {
    private static final String PODS = "/api/v1/namespaces/default/pods/";

    @RegisterExtension
    static final TestApiServer server = TestApiServer.configured(PodStreamProxyIT::tlsServer);
    private static FakeKubelet kubelet;
    private static ClusterPki pki;
    private static SSLContext tls;
    private static HttpClient http;
    private static int deadPort;

    /** TLS with the cluster's certificates, a kubelet client, and the fake kubelet to reach. */
    private static ApiServerBuilder tlsServer(ApiServerBuilder builder, Path dir) {
        try {
            pki = ClusterPki.loadOrCreate(dir.resolve("tls"), List.of("localhost"),
                    List.of("127.0.0.1"));
            CertificateFiles serving = pki.kubeletServing("node-1", List.of("node-1"),
                    List.of("127.0.0.1"));
            kubelet = new FakeKubelet(serving.certFile(), serving.keyFile(), pki.caCertFile());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ClientCredentials client = pki.clientCredentials("kube-apiserver-kubelet-client",
                List.of("system:masters"));
        return builder.httpOptions(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions()
                                .setCertPath(pki.servingCertFile().toString())
                                .setKeyPath(pki.servingKeyFile().toString()))
                        .setTrustOptions(new PemTrustOptions()
                                .addCertPath(pki.caCertFile().toString()))
                        .setClientAuth(ClientAuth.REQUEST))
                .kubeletClientTls(new KubeletClientTls(client.certFile(), client.keyFile(),
                        pki.caCertFile()));
    }

    @BeforeAll
    static void start() throws Exception {
        tls = trusting(pki.caCertFile());
        http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        deadPort = FreePorts.pick();

        for (String[] n : new String[][] {{"node-1", "" + kubelet.port()},
                {"dead-node", "" + deadPort}}) {
            create("/api/v1/nodes", node(n[0], Integer.parseInt(n[1])));
            // Status is the kubelet's to write, through the status subresource.
            put("/api/v1/nodes/" + n[0] + "/status", node(n[0], Integer.parseInt(n[1])));
        }
        create(PODS, pod("web", "node-1", "app"));
        create(PODS, pod("pair", "node-1", "one", "two"));
        create(PODS, pod("lonely", "", "app"));
        create(PODS, pod("done", "node-1", "app"));
        create(PODS, pod("stranded", "dead-node", "app"));
        put(PODS + "done/status", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"done"},
                 "spec":{"nodeName":"node-1","containers":[{"name":"app","image":"busybox"}]},
                 "status":{"phase":"Succeeded"}}""");
    }

    @AfterAll
    static void stop() throws Exception {
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void discoveryListsTheStreamingSubresources() throws Exception {
        String body = get("/api/v1").body();
        assertThat(body).contains("\"pods/log\"", "\"pods/exec\"", "\"pods/attach\"",
                "\"pods/portforward\"");
    }

    @Test
    void logsStreamFromTheKubeletAsTheyComeWithTheOptionsPassedOn() throws Exception {
        kubelet.seen.clear();
        CompletableFuture<Void> held = new CompletableFuture<>();
        kubelet.secondLine = held;
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri(PODS
                + "web/log?follow=true&tailLines=5&timestamps=true&sinceSeconds=60"
                + "&limitBytes=100")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(),
                StandardCharsets.UTF_8))) {
            // The second line is held back until the first has reached the client.
            assertThat(lines.readLine()).isEqualTo("line 1");
            held.complete(null);
            assertThat(lines.readLine()).isEqualTo("line 2");
            assertThat(lines.readLine()).isNull();
        }
        FakeKubelet.Seen seen = kubelet.next();
        assertThat(seen.path()).isEqualTo("/containerLogs/default/web/app");
        assertThat(seen.query().split("&")).containsExactlyInAnyOrder("follow=true",
                "tailLines=5", "timestamps=true", "sinceSeconds=60", "limitBytes=100");
        assertThat(seen.clientSubject()).contains("CN=kube-apiserver-kubelet-client")
                .contains("O=system:masters");
    }

    @Test
    void kubectlLogsPrintsWhatTheKubeletSends() throws Exception {
        Path kubeconfig = server.dir().resolve("admin.kubeconfig");
        pki.writeKubeconfig(kubeconfig, "https://127.0.0.1:" + server.port(),
                pki.clientCredentials("system:admin", List.of("system:masters")));
        for (String version : List.of("1.27", "1.33")) {
            Kubectl.Result r = Kubectl.version(version).with("--kubeconfig", kubeconfig.toString())
                    .run("logs", "pair", "-c", "two");
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(r.out()).isEqualTo("line 1\nline 2\n");
            Kubectl.Result missing = Kubectl.version(version)
                    .with("--kubeconfig", kubeconfig.toString()).run("logs", "pair", "-c", "nope");
            assertThat(missing.ok()).isFalse();
            assertThat(missing.err()).contains("container nope is not valid for pod pair");
        }
    }

    @Test
    void kubectlExecShowsTheApiServersErrors() throws Exception {
        Path kubeconfig = server.dir().resolve("admin.kubeconfig");
        pki.writeKubeconfig(kubeconfig, "https://127.0.0.1:" + server.port(),
                pki.clientCredentials("system:admin", List.of("system:masters")));
        for (String version : List.of("1.27", "1.30", "1.33")) {
            Kubectl kubectl = Kubectl.version(version).with("--kubeconfig", kubeconfig.toString());
            Kubectl.Result down = kubectl.run("exec", "stranded", "--", "true");
            assertThat(down.ok()).isFalse();
            assertThat(down.err()).as(version).contains("Error from server")
                    .contains("error dialing backend: dial tcp"
                    + " 127.0.0.1:" + deadPort + ": connect: connection refused");
            Kubectl.Result unscheduled = kubectl.run("exec", "lonely", "--", "true");
            assertThat(unscheduled.ok()).isFalse();
            assertThat(unscheduled.err()).as(version)
                    .contains("pod lonely does not have a host assigned");
        }
    }

    @Test
    void invalidLogOptionsAreRejectedAsUpstreamDoes() throws Exception {
        assertStatus(get(PODS + "web/log?tailLines=-1"), 422,
                "PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater"
                        + " than or equal to 0");
        assertStatus(get(PODS + "web/log?limitBytes=0"), 422,
                "limitBytes: Invalid value: 0: must be greater than 0");
        assertStatus(get(PODS + "web/log?sinceSeconds=0"), 422,
                "sinceSeconds: Invalid value: 0: must be greater than 0");
        assertStatus(get(PODS + "web/log?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z"), 422,
                "at most one of `sinceTime` or `sinceSeconds` may be specified");
        assertStatus(get(PODS + "web/log?tailLines=x"), 400, "invalid syntax");
    }

    @Test
    void containersAreCheckedBeforeTheKubeletIsAsked() throws Exception {
        assertStatus(get(PODS + "pair/log"), 400, "a container name must be specified for pod"
                + " pair, choose one of: [one two]");
        assertStatus(get(PODS + "web/log?container=nope"), 400,
                "container nope is not valid for pod web");
        assertStatus(get(PODS + "ghost/log"), 404, "pods \"ghost\" not found");
        // Upstream has no log location for a pod without a node, and answers 204 No Content.
        HttpResponse<String> unscheduled = get(PODS + "lonely/log");
        assertThat(unscheduled.statusCode()).isEqualTo(204);
        assertThat(unscheduled.body()).isEmpty();
    }

    @Test
    void theKubeletsErrorsAreRelayed() throws Exception {
        create(PODS, pod("gone-pod", "node-1", "gone"));
        HttpResponse<String> r = get(PODS + "gone-pod/log");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("container gone not found");
    }

    @Test
    void anUnreachableKubeletIsAnErrorAtOnce() throws Exception {
        assertStatus(get(PODS + "stranded/log"), 500, "Get \"https://127.0.0.1:" + deadPort
                + "/containerLogs/default/stranded/app\": dial tcp 127.0.0.1:" + deadPort
                + ": connect: connection refused");
        RawResponse r = raw("POST", PODS + "stranded/exec?command=true&stdout=true", "SPDY/3.1");
        assertThat(r.head()).startsWith("HTTP/1.1 500");
        assertThat(r.body()).contains("\"message\":\"error dialing backend: dial tcp 127.0.0.1:"
                + deadPort + ": connect: connection refused\"");
    }

    @Test
    void aKubeletWhoseCertificateTheClusterCaDidNotSignIsNotTrusted() throws Exception {
        ClusterPki other = ClusterPki.loadOrCreate(server.dir().resolve("other-tls"),
                List.of("localhost"), List.of("127.0.0.1"));
        CertificateFiles foreign = other.kubeletServing("rogue-node", List.of(),
                List.of("127.0.0.1"));
        try (FakeKubelet rogue = new FakeKubelet(foreign.certFile(), foreign.keyFile(),
                pki.caCertFile())) {
            create("/api/v1/nodes", node("rogue-node", rogue.port()));
            put("/api/v1/nodes/rogue-node/status", node("rogue-node", rogue.port()));
            create(PODS, pod("rogue", "rogue-node", "app"));
            HttpResponse<String> log = get(PODS + "rogue/log");
            assertThat(log.statusCode()).as(log.body()).isEqualTo(500);
            assertThat(log.body()).contains("dial tcp 127.0.0.1:" + rogue.port());
            RawResponse exec = raw("POST", PODS + "rogue/exec?command=ls&stdout=true",
                    "SPDY/3.1");
            assertThat(exec.head()).startsWith("HTTP/1.1 500");
            assertThat(exec.body()).contains("error dialing backend");
            assertThat(rogue.seen).isEmpty();
        }
    }

    @Test
    void execOverSpdyIsTunnelledByteForByte() throws Exception {
        kubelet.seen.clear();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        kubelet.tunnelClosed = closed;
        try (SSLSocket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PODS + "web/exec?command=sh&command=-c&command=echo%20hi"
                    + "&stdin=true&stdout=true&stderr=false&tty=true HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + server.port() + "\r\n"
                    + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
                    + "X-Stream-Protocol-Version: v3.channel.k8s.io\r\n"
                    + "Authorization: Bearer not-for-the-kubelet\r\n"
                    + "Impersonate-User: someone\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head.toLowerCase()).contains("x-stream-protocol-version: v4.channel.k8s.io",
                    "upgrade: spdy/3.1", "connection: upgrade")
                    .doesNotContain("content-length", "transfer-encoding");
            out.write("hello kubelet".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(in.readNBytes(13), StandardCharsets.US_ASCII))
                    .isEqualTo("hello kubelet");
            FakeKubelet.Seen seen = kubelet.next();
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/exec/default/web/app");
            assertThat(seen.query()).startsWith("command=sh&command=-c&command=echo+hi")
                    .contains("input=1", "output=1", "tty=1", "container=app")
                    .doesNotContain("error=1");
            assertThat(seen.header("X-Stream-Protocol-Version"))
                    .isEqualTo("v4.channel.k8s.io,v3.channel.k8s.io");
            assertThat(seen.header("Authorization")).isNull();
            assertThat(seen.header("Impersonate-User")).isNull();
            assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + kubelet.port());
        }
        // The client went away: the kubelet's side of the tunnel is closed too.
        closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    void whenTheKubeletClosesTheTunnelTheClientSeesTheEnd() throws Exception {
        kubelet.seen.clear();
        try (SSLSocket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + PODS + "web/portforward?ports=8080 HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            FakeKubelet.Seen seen = kubelet.next();
            assertThat(seen.path()).isEqualTo("/portForward/default/web");
            assertThat(seen.query()).isEqualTo("ports=8080");
            out.write("bye".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** With compression offered, the kubelet's answer to it is what counts, not the API server's. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void attachOverWebSocketNegotiatesTheKubeletsSubprotocol(boolean compression)
            throws Exception {
        kubelet.seen.clear();
        Vertx vertx = Vertx.vertx();
        try {
            WebSocket ws = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                            .setTryUsePerMessageCompression(compression)
                            .setTrustOptions(new PemTrustOptions()
                                    .addCertPath(pki.caCertFile().toString())))
                    .connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                            .setPort(server.port()).setURI(PODS
                                    + "pair/attach?container=two&stdin=true&stdout=true")
                            .setSubProtocols(List.of("v5.channel.k8s.io", "v4.channel.k8s.io")))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(ws.subProtocol()).isEqualTo("v5.channel.k8s.io");
            CompletableFuture<Buffer> echoed = new CompletableFuture<>();
            ws.binaryMessageHandler(echoed::complete);
            byte[] message = ("\0" + "hello ".repeat(200)).getBytes(StandardCharsets.US_ASCII);
            ws.writeBinaryMessage(Buffer.buffer(message));
            assertThat(echoed.get(10, TimeUnit.SECONDS).getBytes()).isEqualTo(message);
            ws.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        FakeKubelet.Seen seen = kubelet.seen.stream()
                .filter(s -> s.path().startsWith("/attach/")).findFirst().orElseThrow();
        assertThat(seen.path()).isEqualTo("/attach/default/pair/two");
        assertThat(seen.header("Sec-WebSocket-Protocol"))
                .isEqualTo("v5.channel.k8s.io,v4.channel.k8s.io");
        // The offer to deflate is the kubelet's to take (Vert.x takes it); the API server only
        // carries the frames, compressed or not.
        assertThat(seen.header("Sec-WebSocket-Extensions") != null).isEqualTo(compression);
    }

    @Test
    void execErrorsComeBeforeAnyUpgrade() throws Exception {
        assertThat(raw("POST", PODS + "lonely/exec?command=ls&stdout=true", "SPDY/3.1").body())
                .contains("pod lonely does not have a host assigned").contains("\"code\":400");
        assertThat(raw("POST", PODS + "done/exec?command=ls&stdout=true", "SPDY/3.1").body())
                .contains("cannot exec into a container in a completed pod; current phase is"
                        + " Succeeded");
        assertThat(raw("GET", PODS + "done/attach?stdout=true", "websocket").body())
                .contains("cannot attach into a container in a completed pod");
        assertThat(raw("POST", PODS + "web/exec?command=ls&container=nope", "SPDY/3.1").body())
                .contains("container nope is not valid for pod web");
        assertThat(raw("POST", PODS + "pair/exec?command=ls", "SPDY/3.1").body())
                .contains("a container name must be specified for pod pair, choose one of:"
                        + " [one two]");
        assertThat(raw("POST", PODS + "ghost/exec?command=ls", "SPDY/3.1").head())
                .startsWith("HTTP/1.1 404");
        RawResponse plain = raw("POST", PODS + "web/exec?command=ls", null);
        assertThat(plain.head()).startsWith("HTTP/1.1 400");
        assertThat(plain.body()).contains("Upgrade request required");
    }

    @Test
    void streamingSubresourcesAreAuthorizedAsUpstreamDoes() throws Exception {
        Path tokens = server.dir().resolve("tokens.csv");
        Files.writeString(tokens, "t0ken,dev,1001,\"developers\"\n");
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ApiServer guarded = ApiServer.builder().store(server.store()).host("127.0.0.1").port(0)
                .authenticator(io.j8s.apiserver.authn.Authenticator.tokenFile(tokens))
                .authorizer(a -> {
                    String resource = a.resource() + "/" + a.subresource();
                    asked.add(a.verb() + " " + resource + " " + a.namespace() + "/" + a.name());
                    return !resource.equals("pods/exec");
                })
                .httpOptions(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions()
                                .setCertPath(pki.servingCertFile().toString())
                                .setKeyPath(pki.servingKeyFile().toString())))
                .start();
        try {
            String bearer = "Authorization: Bearer t0ken\r\n";
            // A GET upgrade needs "create", like a POST; the log needs "get".
            RawResponse denied = raw(guarded.port(), "GET", PODS + "web/exec?command=ls",
                    "websocket", bearer);
            assertThat(denied.head()).startsWith("HTTP/1.1 403");
            assertThat(denied.body()).contains("cannot create resource \\\"pods/exec\\\"");
            RawResponse attach = raw(guarded.port(), "GET", PODS + "done/attach?stdout=true",
                    "websocket", bearer);
            assertThat(attach.head()).startsWith("HTTP/1.1 400");
            assertThat(raw(guarded.port(), "GET", PODS + "web/log?tailLines=-1", null, bearer)
                    .head()).startsWith("HTTP/1.1 422");
            assertThat(raw(guarded.port(), "GET", PODS + "web/log", null, "").head())
                    .startsWith("HTTP/1.1 401");
            assertThat(asked).containsExactly("create pods/exec default/web",
                    "create pods/attach default/done", "get pods/log default/web");
        } finally {
            guarded.close();
        }
    }

    @Test
    void aClientLeavingAFollowedLogClosesTheKubeletsStream() throws Exception {
        CompletableFuture<Void> held = new CompletableFuture<>();
        kubelet.secondLine = held;
        CompletableFuture<Void> gone = new CompletableFuture<>();
        kubelet.logClosed = gone;
        try (SSLSocket socket = socket()) {
            socket.getOutputStream().write(("GET " + PODS + "web/log?follow=true HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 200");
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("line 1\n")) {
                int b = in.read();
                assertThat(b).as("the stream ended after " + seen).isNotNegative();
                seen.append((char) b);
            }
        }
        gone.get(10, TimeUnit.SECONDS);
        held.complete(null);
    }

    // --- helpers ---

    private record RawResponse(String head, String body) {}

    /** One request over a fresh TLS socket; the answer read until the server closes or 2 s pass. */
    private static RawResponse raw(String method, String path, String upgrade) throws Exception {
        return raw(server.port(), method, path, upgrade, "");
    }

    private static RawResponse raw(int port, String method, String path, String upgrade,
            String headers) throws Exception {
        try (SSLSocket socket = socket(port)) {
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n" + headers);
            if (upgrade != null) {
                request.append("Connection: Upgrade\r\nUpgrade: ").append(upgrade).append("\r\n");
                if (upgrade.equals("websocket")) {
                    request.append("Sec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
                }
            }
            request.append("Content-Length: 0\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int length = -1;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = length >= 0 ? in.readNBytes(length) : new byte[0];
            return new RawResponse(head, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static SSLSocket socket() throws IOException {
        return socket(server.port());
    }

    private static SSLSocket socket(int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void assertStatus(HttpResponse<String> r, int code, String message)
            throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        JsonNode status = Json.MAPPER.readTree(r.body());
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("code").asInt()).isEqualTo(code);
        assertThat(status.path("message").asText()).contains(message);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void create(String path, String json) throws Exception {
        send("POST", path, json, 201);
    }

    private static void put(String path, String json) throws Exception {
        send("PUT", path, json, 200);
    }

    private static void send(String method, String path, String json, int expected)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
    }

    private static URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }

    private static String node(String name, int port) {
        return """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s"},
                 "status":{"addresses":[{"type":"Hostname","address":"%s"},
                                        {"type":"InternalIP","address":"127.0.0.1"}],
                           "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}"""
                .formatted(name, name, port);
    }

    private static String pod(String name, String node, String... containers) {
        StringBuilder c = new StringBuilder();
        for (String container : containers) {
            c.append(c.isEmpty() ? "" : ",").append("{\"name\":\"").append(container)
                    .append("\",\"image\":\"busybox\"}");
        }
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{%s"containers":[%s]}}"""
                .formatted(name, node.isEmpty() ? "" : "\"nodeName\":\"" + node + "\",", c);
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
