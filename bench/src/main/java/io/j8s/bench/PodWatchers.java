package io.j8s.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many HTTP watch streams on the pods of one namespace, each a connection of its own, read by a
 * Vert.x client on its own event loops (not the server's). Every stream splits its body into lines
 * and finds in each event the {@value #SEQUENCE} annotation that tells which change it is; a
 * listener hears of each (stream, change) pair with the time it arrived.
 */
final class PodWatchers implements AutoCloseable {
    static final String SEQUENCE = "bench-seq";
    private static final byte[] MARKER = ("\"" + SEQUENCE + "\":\"").getBytes();

    /** Hears that change {@code sequence} reached a watcher at {@code arrivedNanos}. */
    @FunctionalInterface
    interface Listener {
        void onChange(long sequence, long arrivedNanos);
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final LongAdder open = new LongAdder();
    private final AtomicReference<String> ended = new AtomicReference<>();

    private PodWatchers(int count, AdminTls tls) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(false)
                .setConnectTimeout(10_000);
        client = vertx.createHttpClient(tls == null ? options : tls.applyTo(options),
                new PoolOptions().setHttp1MaxSize(count + 10).setMaxWaitQueueSize(-1));
    }

    /**
     * Opens {@code count} watches on {@code path} (a pods collection with {@code ?watch=true...}),
     * {@code batch} at a time, and returns once every one has its response headers.
     */
    static PodWatchers open(int port, AdminTls tls, String path, int count, int batch,
            Listener listener) {
        PodWatchers w = new PodWatchers(count, tls);
        try {
            for (int from = 0; from < count; from += batch) {
                List<Future<?>> started = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + batch); i++) {
                    started.add(w.watch(port, path, listener));
                }
                Future.all(started).toCompletionStage().toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            w.close();
            throw new IllegalStateException("opening " + count + " watches failed: " + e, e);
        }
        return w;
    }

    private Future<?> watch(int port, String path, Listener listener) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                        .setPort(port).setURI(path).putHeader("Accept", "application/json"))
                .compose(request -> request.send())
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("watch answered " + response.statusCode());
                    }
                    open.increment();
                    RecordParser lines = RecordParser.newDelimited("\n", line -> {
                        long now = System.nanoTime();
                        long seq = sequence(line.getBytes());
                        if (seq >= 0) {
                            listener.onChange(seq, now);
                        }
                    });
                    response.handler(lines);
                    response.endHandler(v -> {
                        open.decrement();
                        ended.compareAndSet(null, "a watch ended");
                    });
                    response.exceptionHandler(t -> ended.compareAndSet(null, t.toString()));
                    return response;
                });
    }

    /** The value of the sequence annotation in one event line, or -1 when it has none. */
    static long sequence(byte[] line) {
        outer:
        for (int i = 0; i + MARKER.length <= line.length; i++) {
            for (int j = 0; j < MARKER.length; j++) {
                if (line[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            long n = 0;
            int k = i + MARKER.length;
            if (k >= line.length || line[k] < '0' || line[k] > '9') {
                return -1;
            }
            for (; k < line.length && line[k] >= '0' && line[k] <= '9'; k++) {
                n = n * 10 + line[k] - '0';
            }
            return n;
        }
        return -1;
    }

    /** How many watches are open. */
    long open() {
        return open.sum();
    }

    /** Why a watch ended early, or null. */
    String ended() {
        return ended.get();
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(t -> null).join();
    }
}
