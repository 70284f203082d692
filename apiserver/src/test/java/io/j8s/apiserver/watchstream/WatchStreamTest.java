package io.j8s.apiserver.watchstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.endpoints.Reply;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.WriteOptions;
import io.j8s.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One watch stream over a transport whose write queue the test fills and drains, on a registry
 * without a watch cache (a watch straight on the store, which only the stream's stall deadline
 * can drop).
 */
class WatchStreamTest {
    @TempDir
    Path dir;
    private Store store;
    private Registry configMaps;

    @BeforeEach
    void start() {
        store = Store.builder().dataDir(dir).open();
        Registries registries = new Registries(ResourceCatalogue.builtIn(), store,
                Clock.systemUTC());
        registries.ensureSystemNamespaces();
        configMaps = registries.find("", "v1", "configmaps").orElseThrow();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    /** A transport the test controls: full until drained. */
    static final class Transport implements WatchEncoder {
        final List<String> written = new CopyOnWriteArrayList<>();
        volatile boolean full;
        volatile boolean ended;
        volatile Runnable drained;

        @Override
        public void open() {}

        @Override
        public void write(byte[] event) {
            written.add(new String(event, StandardCharsets.UTF_8));
        }

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void drainHandler(Runnable drained) {
            this.drained = drained;
        }

        @Override
        public void closeHandler(Runnable closed) {}

        @Override
        public void refuse(Reply.Body status) {
            ended = true;
        }

        @Override
        public void end() {
            ended = true;
        }

        void drain() {
            full = false;
            drained.run();
        }
    }

    private WatchStreams streams(Duration stall) {
        return new WatchStreams(null, Executors.newVirtualThreadPerTaskExecutor(),
                new WatchTimeout(Duration.ZERO, new SplittableRandom()), new SharedEventJson(),
                stall.toNanos());
    }

    private void create(String name) {
        ObjectNode cm = Json.MAPPER.createObjectNode();
        cm.putObject("metadata").put("name", name);
        configMaps.create("default", cm, WriteOptions.DEFAULT);
    }

    @Test
    void anEventWaitsForTheClientToReadThenGoesOut() {
        Transport t = new Transport();
        t.full = true;
        streams(Duration.ofMinutes(1)).serve(new Reply.Watch(configMaps, "default",
                ListOptions.all(), false, null), t, code -> { });
        create("waits");
        // The store watch's thread is parked in send: nothing written while the queue is full.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> t.written.isEmpty());
        t.drain();
        await().atMost(Duration.ofSeconds(5)).until(() -> t.written.size() == 1);
        assertThat(t.written.getFirst()).contains("\"ADDED\"", "\"name\":\"waits\"");
        assertThat(t.ended).isFalse();
    }

    @Test
    void aClientThatStaysBehindPastTheDeadlineIsDropped() {
        Transport t = new Transport();
        t.full = true;
        streams(Duration.ofMillis(200)).serve(new Reply.Watch(configMaps, "default",
                ListOptions.all(), false, null), t, code -> { });
        create("never-read");
        await().atMost(Duration.ofSeconds(5)).until(() -> t.ended);
        assertThat(t.written).isEmpty();
        // the store watch behind it is closed: later changes go nowhere, and nothing hangs
        create("after");
        t.full = false;
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> t.written.isEmpty());
    }

    @Test
    void aStreamEndsAtItsTimeout() throws Exception {
        Transport t = new Transport();
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            new WatchStreams(vertx, Executors.newVirtualThreadPerTaskExecutor(),
                    new WatchTimeout(Duration.ZERO, new SplittableRandom()),
                    new SharedEventJson(), TimeUnit.MINUTES.toNanos(1))
                    .serve(new Reply.Watch(configMaps, "default", new ListOptions(
                            ListOptions.all().labelSelector(), ListOptions.all().fieldSelector(),
                            "", "", 0, "", false, 1), false, null), t, code -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> t.ended);
        } finally {
            vertx.close();
        }
    }
}
