package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.store.KeyValue;
import io.j8s.store.Store;
import io.j8s.testkit.Directories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Watchers that stop reading, streamed over HTTP (a raw socket) and over WebSocket: the server
 * honours back-pressure instead of queueing every event for them, so memory stops growing once
 * they are behind; they are dropped (each stream ends before all the changes, after what was
 * already sent), and a watcher that reads gets every change.
 */
class SlowWatcherIT {
    private static final int CHANGES = 20_000;
    private static final int OBJECTS = 100;
    private static final int BATCH = 1_000;
    private static final String PREFIX = "/registry/configmaps/default/";

    private Path dir;
    private Store store;
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("j8s-slow");
        store = Store.builder().dataDir(dir).open();
        server = ApiServer.builder().store(store).host("127.0.0.1").port(0)
                .anonymousAdminForTests().start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        Directories.deleteRecursively(dir);
    }

    private static byte[] configMap(int object, int change) {
        String filler = "x".repeat(2048);
        return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + object
                + "\",\"namespace\":\"default\",\"uid\":\"u-" + object + "\"},\"data\":{\"change\":\""
                + change + "\",\"filler\":\"" + filler + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWatcherThatStopsReadingIsDroppedAndHoldsNoMemoryWhileOthersGetEveryChange()
            throws Exception {
        long[] revisions = new long[OBJECTS];
        for (int i = 0; i < OBJECTS; i++) {
            revisions[i] = store.create(PREFIX + "cm-" + i, configMap(i, 0)).modRevision();
        }
        long from = store.currentRevision();
        String watchPath = "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=600"
                + "&resourceVersion=" + from;

        // The stalled client: asks for the watch, then reads nothing.
        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
        OutputStream out = stalled.getOutputStream();
        out.write(("GET " + watchPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();

        // The same over WebSocket: a client that asks for no message.
        StalledWebSocket stalledWs = new StalledWebSocket();
        java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + watchPath), stalledWs)
                .get(20, java.util.concurrent.TimeUnit.SECONDS);

        // The healthy client reads every line.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> healthy = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + watchPath)).build(),
                HttpResponse.BodyHandlers.ofLines());
        AtomicInteger seen = new AtomicInteger();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                healthy.body().filter(l -> l.contains("\"MODIFIED\""))
                        .forEach(l -> seen.incrementAndGet());
            } catch (java.io.UncheckedIOException e) {
                // closed at the end of the test
            }
        });

        List<Long> retained = new ArrayList<>();
        int written = 0;
        while (written < CHANGES) {
            written += writeBatch(revisions, written);
            int expected = written;
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.get() >= expected);
            if (written == CHANGES / 2 || written == CHANGES) {
                retained.add(retainedBytes());
            }
        }
        assertThat(seen.get()).isEqualTo(CHANGES);
        // 10,000 more changes of ~2.3 KB each (23 MB as events) leave memory where it was.
        long growth = retained.get(1) - retained.get(0);
        assertThat(growth).as("retained bytes grew from %d to %d", retained.get(0),
                retained.get(1)).isLessThan(8L << 20);

        // Reading again, the stalled client gets what was already sent, then the end.
        stalled.setSoTimeout(60_000);
        int events = readChunkedUntilEnd(stalled.getInputStream());
        stalled.close();
        System.out.printf("retained after %d changes: %d MiB, after %d: %d MiB; the stalled"
                + " client got %d events%n", CHANGES / 2, retained.get(0) >> 20, CHANGES,
                retained.get(1) >> 20, events);
        assertThat(events).isGreaterThan(0).isLessThan(CHANGES);

        ws.request(Long.MAX_VALUE);
        stalledWs.closed.get(60, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("the stalled WebSocket client got %d events%n", stalledWs.events.get());
        assertThat(stalledWs.events.get()).isGreaterThan(0).isLessThan(CHANGES);
        reader.interrupt();
        healthy.body().close();
    }

    /** A WebSocket client that reads nothing until asked to, then counts the events. */
    static final class StalledWebSocket implements java.net.http.WebSocket.Listener {
        final AtomicInteger events = new AtomicInteger();
        final java.util.concurrent.CompletableFuture<Integer> closed =
                new java.util.concurrent.CompletableFuture<>();

        @Override
        public void onOpen(java.net.http.WebSocket webSocket) {
            // no request(): the client reads nothing
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket,
                CharSequence data, boolean last) {
            if (last) {
                events.incrementAndGet();
            }
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket webSocket,
                int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    /** Updates every object in turn, from one thread per object, {@link #BATCH} changes in all. */
    private int writeBatch(long[] revisions, int done) throws InterruptedException {
        List<Thread> writers = new ArrayList<>();
        int perObject = BATCH / OBJECTS;
        for (int i = 0; i < OBJECTS; i++) {
            int object = i;
            writers.add(Thread.ofVirtual().start(() -> {
                for (int n = 0; n < perObject; n++) {
                    KeyValue kv = store.update(PREFIX + "cm-" + object,
                            configMap(object, done + n * OBJECTS + object), revisions[object]);
                    revisions[object] = kv.modRevision();
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
        return perObject * OBJECTS;
    }

    /** Heap in use after a collection, plus direct buffers (where Netty may queue writes). */
    private static long retainedBytes() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(
                BufferPoolMXBean.class)) {
            direct += pool.getMemoryUsed();
        }
        long netty = io.netty.util.internal.PlatformDependent.usedDirectMemory();
        return heap + direct + Math.max(0, netty);
    }

    /** Reads an HTTP/1.1 response head and chunked body to its last chunk; counts the events. */
    private static int readChunkedUntilEnd(InputStream in) throws IOException {
        String head = line(in);
        assertThat(head).startsWith("HTTP/1.1 200");
        while (!line(in).isEmpty()) {
            // headers
        }
        int events = 0;
        while (true) {
            int size = Integer.parseInt(line(in).trim(), 16);
            if (size == 0) {
                return events;
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new IOException("the stream was cut, not ended");
            }
            for (byte b : chunk) {
                if (b == '\n') {
                    events++;
                }
            }
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed before the end of the stream");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
