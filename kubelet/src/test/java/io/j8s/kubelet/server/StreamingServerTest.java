package io.j8s.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming server against hand-driven clients: SPDY frames through Netty's codec, WebSocket
 * channel messages through Vert.x, and a plain HTTPS request for logs.
 */
class StreamingServerTest {
    private static StreamingServer server;
    private static ServerSocket echo;
    private static EventLoopGroup clientGroup;
    private static Vertx vertx;
    private static HttpClient http;

    /** A backend that echoes, exits with the number it is given and knows pod ns/p, container c. */
    private static final class Backend implements StreamingBackend {
        @Override
        public boolean hasContainer(String namespace, String pod, String container) {
            return hasPod(namespace, pod) && container.equals("c");
        }

        @Override
        public boolean hasPod(String namespace, String pod) {
            return namespace.equals("ns") && pod.equals("p");
        }

        @Override
        public void logs(String namespace, String pod, String container, LogOptions options,
                LogSink out) throws IOException {
            List<String> lines = List.of("one", "two", "three");
            long tail = options.tailLines() == null ? lines.size() : options.tailLines();
            for (String line : lines.subList((int) Math.max(0, lines.size() - tail), lines.size())) {
                out.line(Instant.parse("2026-01-02T03:04:05Z"), line);
            }
        }

        @Override
        public int exec(String namespace, String pod, String container, List<String> command,
                ProcessStreams streams) throws IOException, CommandFailure {
            return switch (command.get(0)) {
                case "cat" -> {
                    streams.stdin().transferTo(streams.stdout());
                    yield 0;
                }
                case "exit" -> Integer.parseInt(command.get(1));
                default -> throw new CommandFailure("exec: \"" + command.get(0) + "\": not found");
            };
        }

        @Override
        public int attach(String namespace, String pod, String container, ProcessStreams streams)
                throws IOException {
            streams.stdout().write("attached\n".getBytes(StandardCharsets.UTF_8));
            return 0;
        }

        @Override
        public PortConnection portForward(String namespace, String pod, int port) throws IOException {
            return PortConnection.of(new Socket(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
        SslContext tls = SslContextBuilder.forServer(cert.key(), cert.cert()).build();
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (true) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // reset by the test
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        server = StreamingServer.start(InetAddress.getLoopbackAddress(), 0, tls, new Backend());
        clientGroup = new NioEventLoopGroup(1);
        vertx = Vertx.vertx();
        http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false).setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        echo.close();
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void logsHonourTailLinesAndTimestamps() throws Exception {
        assertThat(get("/containerLogs/ns/p/c?tailLines=2&timestamps=true"))
                .isEqualTo("200 2026-01-02T03:04:05.000000000Z two\n2026-01-02T03:04:05.000000000Z three\n");
        assertThat(get("/containerLogs/ns/p/c")).isEqualTo("200 one\ntwo\nthree\n");
        assertThat(get("/containerLogs/ns/p/nope")).isEqualTo("404 container \"nope\" not found in pod \"p\"\n");
        assertThat(get("/containerLogs/ns/q/c")).isEqualTo("404 pod \"q\" does not exist\n");
        assertThat(get("/containerLogs/ns/p/c?tailLines=-1")).startsWith("422 {\"message\": \"Invalid request.\"}");
        assertThat(get("/containerLogs/ns/p/c?tailLines=x")).startsWith("400 {\"message\": \"Unable to decode query.\"}");
        assertThat(get("/containerLogs/ns/p/c?limitBytes=6")).isEqualTo("200 one\ntw");
    }

    @Test
    void execWithoutUpgradeIsRefused() throws Exception {
        assertThat(get("/exec/ns/p/c?command=cat&stdout=1")).startsWith("400 Upgrade request required");
        assertThat(get("/nothing/here")).startsWith("404");
    }

    @Test
    void spdyExecCopiesStdinAndReportsSuccessAsStatus() throws Exception {
        SpdyClient client = SpdyClient.connect("/exec/ns/p/c?command=cat&stdin=1&stdout=1",
                "v4.channel.k8s.io");
        assertThat(client.upgrade.headers().get("X-Stream-Protocol-Version")).isEqualTo("v4.channel.k8s.io");
        client.open(1, "error");
        client.open(3, "stdin");
        client.open(5, "stdout");
        client.send(3, "hello spdy", true);
        assertThat(client.readToEnd(5)).isEqualTo("hello spdy");
        assertThat(client.readToEnd(1)).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
        client.close();
    }

    @Test
    void spdyExecReportsExitCodeAsNonZeroExitCodeCause() throws Exception {
        SpdyClient client = SpdyClient.connect(
                "/exec/ns/p/c?command=exit&command=3&stdout=1&stderr=1",
                "v4.channel.k8s.io", "v3.channel.k8s.io");
        client.open(1, "error");
        client.open(3, "stdout");
        client.open(5, "stderr");
        assertThat(client.readToEnd(1)).contains("\"reason\":\"NonZeroExitCode\"")
                .contains("{\"reason\":\"ExitCode\",\"message\":\"3\"}");
        client.close();
    }

    @Test
    void spdyExecOfUnknownCommandIsAnInternalError() throws Exception {
        SpdyClient client = SpdyClient.connect("/exec/ns/p/c?command=nope&stdout=1",
                "v4.channel.k8s.io");
        client.open(1, "error");
        client.open(3, "stdout");
        assertThat(client.readToEnd(1)).contains("\"reason\":\"InternalError\"")
                .contains("exec: \\\"nope\\\": not found");
        client.close();
    }

    @Test
    void spdyExecBeforeV4ReportsFailuresAsPlainText() throws Exception {
        SpdyClient client = SpdyClient.connect("/exec/ns/p/c?command=exit&command=5&stdout=1",
                "v3.channel.k8s.io", "v2.channel.k8s.io");
        assertThat(client.upgrade.headers().get("X-Stream-Protocol-Version")).isEqualTo("v3.channel.k8s.io");
        client.open(1, "error");
        client.open(3, "stdout");
        assertThat(client.readToEnd(1)).isEqualTo(
                "command terminated with non-zero exit code: error executing command [exit, 5], exit code 5");
        client.close();
    }

    @Test
    void webSocketsCanBeRefusedSoClientsFallBackToSpdy() throws Exception {
        server.serveWebSockets(false);
        try {
            assertThat(http.webSocket(new WebSocketConnectOptions().setURI("/exec/ns/p/c?command=cat&stdout=1")
                    .setSubProtocols(List.of("v5.channel.k8s.io"))).toCompletionStage().toCompletableFuture())
                    .failsWithin(10, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("400");
        } finally {
            server.serveWebSockets(true);
        }
    }

    @Test
    void spdyUpgradeWithoutACommonProtocolIsForbidden() throws Exception {
        SpdyClient client = SpdyClient.connect("/exec/ns/p/c?command=cat&stdout=1", "v1.channel.k8s.io");
        assertThat(client.upgrade.status().code()).isEqualTo(403);
        client.close();
    }

    @Test
    void spdyPortForwardJoinsTheDataStreamToThePort() throws Exception {
        SpdyClient client = SpdyClient.connect("/portForward/ns/p", "portforward.k8s.io");
        client.open(1, Map.of("streamtype", "error", "port", "80", "requestid", "0"));
        client.open(3, Map.of("streamtype", "data", "port", "80", "requestid", "0"));
        client.send(3, "ping through the pod", true);
        assertThat(client.readToEnd(3)).isEqualTo("ping through the pod");
        assertThat(client.readToEnd(1)).isEmpty();
        client.close();
    }

    @Test
    void webSocketV5ExecEndsStdinWithACloseMessage() throws Exception {
        List<String> got = webSocketExec("/exec/ns/p/c?command=cat&stdin=1&stdout=1",
                "v5.channel.k8s.io", ws -> {
                    ws.writeBinaryMessage(Buffer.buffer().appendByte((byte) 0).appendString("hi ws"));
                    ws.writeBinaryMessage(Buffer.buffer().appendByte((byte) 255).appendByte((byte) 0));
                });
        assertThat(got).containsExactly("v5.channel.k8s.io", "1:hi ws",
                "3:{\"metadata\":{},\"status\":\"Success\"}");
    }

    @Test
    void webSocketV4ExecReportsTheExitCode() throws Exception {
        List<String> got = webSocketExec("/exec/ns/p/c?command=exit&command=7&stdout=1",
                "v4.channel.k8s.io", ws -> { });
        assertThat(got.get(0)).isEqualTo("v4.channel.k8s.io");
        assertThat(got.get(1)).startsWith("3:").contains("{\"reason\":\"ExitCode\",\"message\":\"7\"}");
    }

    @Test
    void webSocketPortForwardCarriesSpdyInBinaryMessages() throws Exception {
        WebSocket ws = http.webSocket(new WebSocketConnectOptions().setURI("/portForward/ns/p")
                .setSubProtocols(List.of("SPDY/3.1+portforward.k8s.io")))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(ws.subProtocol()).isEqualTo("SPDY/3.1+portforward.k8s.io");
        // The client's SPDY end, its bytes carried as WebSocket messages both ways.
        EmbeddedChannel spdy = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1, false));
        BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
        ws.binaryMessageHandler(b -> {
            synchronized (spdy) {
                spdy.writeInbound(Unpooled.wrappedBuffer(b.getBytes()));
                for (Object f; (f = spdy.readInbound()) != null; ) {
                    frames.add(f);
                }
            }
        });
        for (int id : new int[] {1, 3}) {
            DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
            syn.headers().set("streamtype", id == 1 ? "error" : "data").set("port", "80")
                    .set("requestid", "7");
            sendThrough(spdy, ws, syn);
            assertThat(frames.poll(10, TimeUnit.SECONDS)).isInstanceOf(SpdySynReplyFrame.class);
        }
        DefaultSpdyDataFrame data = new DefaultSpdyDataFrame(3,
                Unpooled.copiedBuffer("tunneled", StandardCharsets.UTF_8));
        data.setLast(true);
        sendThrough(spdy, ws, data);
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        while (true) {
            Object f = frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("a frame").isNotNull();
            if (f instanceof SpdyDataFrame d && d.streamId() == 3) {
                echoed.writeBytes(ByteBufUtil.getBytes(d.content()));
                if (d.isLast()) {
                    break;
                }
            }
        }
        assertThat(echoed.toString(StandardCharsets.UTF_8)).isEqualTo("tunneled");
        ws.close();
    }

    private static void sendThrough(EmbeddedChannel spdy, WebSocket ws, Object frame) {
        synchronized (spdy) {
            spdy.writeOutbound(frame);
            for (ByteBuf out; (out = spdy.readOutbound()) != null; ) {
                ws.writeBinaryMessage(Buffer.buffer(ByteBufUtil.getBytes(out)));
                out.release();
            }
        }
    }

    private interface WsScript {
        void run(WebSocket ws);
    }

    /** The chosen subprotocol, then each message as "channel:text" until the server closes. */
    private static List<String> webSocketExec(String uri, String protocol, WsScript script)
            throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        // handlers set on the event loop as the socket opens: set later from this thread, they
        // missed a message the server sent at once (the exit code of "exit 7")
        WebSocket ws = http.webSocket(new WebSocketConnectOptions().setURI(uri)
                .setSubProtocols(List.of(protocol))).map(w -> {
                    got.add(w.subProtocol());
                    w.binaryMessageHandler(b -> got.add((b.getByte(0) & 0xff) + ":"
                            + b.getString(1, b.length(), "UTF-8")));
                    w.closeHandler(v -> closed.complete(null));
                    return w;
                }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        script.run(ws);
        closed.get(10, TimeUnit.SECONDS);
        return got;
    }

    /**
     * One GET, answered as "status body". Blocking on purpose: a Vert.x response whose body is
     * asked for from the test thread after its end has arrived reads as empty.
     */
    private static String get(String uri) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:" + server.port() + uri)
                .toURL().openConnection();
        c.setSSLSocketFactory(trustAll.getSocketFactory());
        c.setHostnameVerifier((host, session) -> true);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        int status = c.getResponseCode();
        try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return status + " " + (body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** A SPDY client end as Kubernetes' httpstream is: upgrade, open streams, send and read data. */
    private static final class SpdyClient {
        final Channel channel;
        final FullHttpResponse upgrade;
        final Map<Integer, BlockingQueue<byte[]>> data = new ConcurrentHashMap<>();
        final BlockingQueue<Integer> replies = new LinkedBlockingQueue<>();
        static final byte[] FIN = new byte[0];

        private SpdyClient(Channel channel, FullHttpResponse upgrade) {
            this.channel = channel;
            this.upgrade = upgrade;
        }

        static SpdyClient connect(String uri, String... protocols) throws Exception {
            SslContext tls = SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
            CompletableFuture<SpdyClient> ready = new CompletableFuture<>();
            Channel ch = new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(tls.newHandler(c.alloc(), "127.0.0.1", server.port()))
                                    .addLast("http", new HttpClientCodec())
                                    .addLast("agg", new HttpObjectAggregator(65536))
                                    .addLast("upgrade", new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx,
                                                FullHttpResponse msg) {
                                            if (msg.status().code() == 101) {
                                                ctx.pipeline().remove("agg");
                                                ctx.pipeline().replace("http", "spdy",
                                                        new SpdyFrameCodec(SpdyVersion.SPDY_3_1, false));
                                                ctx.pipeline().replace(this, "frames", new FrameCollector(ready));
                                            }
                                            response.complete(msg.retainedDuplicate());
                                        }
                                    });
                        }
                    }).connect("127.0.0.1", server.port()).sync().channel();
            DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpMethod.POST, uri);
            req.headers().set("Host", "127.0.0.1").set("Connection", "Upgrade")
                    .set("Upgrade", "SPDY/3.1").set("Content-Length", "0");
            for (String p : protocols) {
                req.headers().add("X-Stream-Protocol-Version", p);
            }
            ch.writeAndFlush(req);
            FullHttpResponse up = response.get(10, TimeUnit.SECONDS);
            SpdyClient client = new SpdyClient(ch, up);
            ready.complete(client);
            return client;
        }

        void open(int id, String streamType) throws InterruptedException {
            open(id, Map.of("streamtype", streamType));
        }

        void open(int id, Map<String, String> headers) throws InterruptedException {
            data.put(id, new LinkedBlockingQueue<>());
            DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
            headers.forEach((k, v) -> syn.headers().set(k, v));
            channel.writeAndFlush(syn);
            assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo(id);
        }

        void send(int id, String text, boolean fin) {
            DefaultSpdyDataFrame frame = new DefaultSpdyDataFrame(id,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            frame.setLast(fin);
            channel.writeAndFlush(frame);
        }

        String readToEnd(int id) throws InterruptedException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                byte[] chunk = data.get(id).poll(10, TimeUnit.SECONDS);
                assertThat(chunk).as("stream %d ended", id).isNotNull();
                if (chunk == FIN) {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.writeBytes(chunk);
            }
        }

        void close() {
            channel.close().syncUninterruptibly();
        }

        /** Collects SYN_REPLY ids and DATA per stream; FIN is an empty marker. */
        private static final class FrameCollector extends SimpleChannelInboundHandler<Object> {
            private final CompletableFuture<SpdyClient> client;

            FrameCollector(CompletableFuture<SpdyClient> client) {
                this.client = client;
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                SpdyClient c = client.join();
                if (msg instanceof SpdySynReplyFrame reply) {
                    c.replies.add(reply.streamId());
                } else if (msg instanceof SpdyDataFrame frame) {
                    BlockingQueue<byte[]> q = c.data.get(frame.streamId());
                    q.add(ByteBufUtil.getBytes(frame.content()));
                    if (frame.isLast()) {
                        q.add(FIN);
                    }
                }
            }
        }
    }
}
