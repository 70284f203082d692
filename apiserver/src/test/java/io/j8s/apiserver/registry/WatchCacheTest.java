package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.codec.Json;
import io.j8s.api.selectors.FieldSelector;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCacheTest {
    @TempDir
    Path dir;
    private Store store;
    private Registries registries;
    private Registry pods;

    @BeforeEach
    void start() {
        store = Store.builder().dataDir(dir).open();
        registries = new Registries(ResourceCatalogue.builtIn(), store, Clock.systemUTC());
        registries.ensureSystemNamespaces();
        registries.startWatchCaches();
        pods = registries.find("", "v1", "pods").orElseThrow();
    }

    @AfterEach
    void stop() {
        registries.stopWatchCaches();
        store.close();
    }

    private ObjectNode pod(String name, String node) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.putObject("metadata").put("name", name);
        ObjectNode spec = p.putObject("spec");
        if (node != null) {
            spec.put("nodeName", node);
        }
        spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
        return p;
    }

    private static ListOptions options(String rv, String fieldSelector) {
        return new ListOptions(LabelSelector.parse(""), FieldSelector.parse(fieldSelector), rv, "",
                0, "", false, 0);
    }

    /** Records what a watch sends. */
    static final class Recorder implements WatchSink {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void send(String type, ObjectNode object) {
            events.add(type + " " + object.path("metadata").path("name").asText());
        }

        @Override
        public void end() {
            events.add("END");
        }
    }

    @Test
    void listsFromMemoryAndWatchesReplayRecentEvents() throws Exception {
        ObjectNode a = pods.create("default", pod("a", "n1"), WriteOptions.DEFAULT);
        String afterA = a.path("metadata").path("resourceVersion").asText();
        pods.create("default", pod("b", "n2"), WriteOptions.DEFAULT);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                pods.list("default", options("0", "")).items().size() == 2);

        Recorder replay = new Recorder();
        try (AutoCloseable w = pods.watch("default", options(afterA, ""), replay)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> replay.events.size() == 1);
            assertThat(replay.events).containsExactly("ADDED b");
        }
    }

    @Test
    void aWatchOnOneNodesPodsSeesOnlyThem() throws Exception {
        Recorder n1 = new Recorder();
        Recorder all = new Recorder();
        try (AutoCloseable w1 = pods.watch(null, options("", "spec.nodeName=n1"), n1);
                AutoCloseable w2 = pods.watch(null, options("", ""), all)) {
            pods.create("default", pod("on-n1", "n1"), WriteOptions.DEFAULT);
            pods.create("default", pod("on-n2", "n2"), WriteOptions.DEFAULT);
            pods.create("default", pod("unscheduled", null), WriteOptions.DEFAULT);
            await().atMost(Duration.ofSeconds(5)).until(() -> all.events.size() == 3);
            Thread.sleep(200);
            assertThat(n1.events).containsExactly("ADDED on-n1");
        }
    }

    @Test
    void aThousandWatchersEachSeeAChange() throws Exception {
        List<Recorder> recorders = new ArrayList<>();
        List<AutoCloseable> watches = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            watches.add(pods.watch("default", options("", ""), r));
        }
        try {
            pods.create("default", pod("shared", "n1"), WriteOptions.DEFAULT);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> recorders.stream().allMatch(r -> r.events.size() == 1));
        } finally {
            for (AutoCloseable w : watches) {
                w.close();
            }
        }
    }

    @Test
    void listsKeepEachObjectsJsonUntilItChanges() {
        pods.create("default", pod("a", "n1"), WriteOptions.DEFAULT);
        pods.create("default", pod("b", null), WriteOptions.DEFAULT);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                pods.list("default", options("0", "")).items().size() == 2);
        ListResult first = pods.list("default", options("0", ""));
        assertThat(first.encoded()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(first.encoded().get(i)).isEqualTo(Json.bytes(first.items().get(i)));
        }
        ListResult second = pods.list("default", options("0", ""));
        assertThat(second.encoded().get(0)).as("reused, not serialized again")
                .isSameAs(first.encoded().get(0));
        ObjectNode b = pods.get("default", "b");
        ((ObjectNode) b.get("metadata")).putObject("labels").put("changed", "yes");
        ObjectNode stored = pods.update("default", "b", b, "", WriteOptions.DEFAULT);
        String rv = stored.path("metadata").path("resourceVersion").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> pods.list("default", options("0", ""))
                .resourceVersion().equals(rv));
        ListResult third = pods.list("default", options("0", ""));
        assertThat(third.encoded().get(0)).isSameAs(first.encoded().get(0));
        assertThat(new String(third.encoded().get(1), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"changed\":\"yes\"").contains("\"resourceVersion\":\"" + rv + "\"");
    }

    @Test
    void aListAtAnyRevisionIsWholeWhateverTheLimit() {
        for (String name : List.of("a", "b", "c")) {
            pods.create("default", pod(name, null), WriteOptions.DEFAULT);
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                pods.list("default", options("0", "")).items().size() == 3);
        ListResult all = pods.list("default", new ListOptions(LabelSelector.parse(""),
                FieldSelector.parse(""), "0", "", 2, "", false, 0));
        assertThat(all.items()).hasSize(3);
        assertThat(all.continueToken()).isEmpty();
        ListResult paged = pods.list("default", new ListOptions(LabelSelector.parse(""),
                FieldSelector.parse(""), "", "", 2, "", false, 0));
        assertThat(paged.items()).hasSize(2);
        assertThat(paged.continueToken()).isNotEmpty();
    }

    @Test
    void aWatchFromAFutureRevisionSendsOnlyWhatComesAfterIt() throws Exception {
        long from = store.currentRevision() + 2;
        Recorder r = new Recorder();
        try (AutoCloseable w = pods.watch("default", options(Long.toString(from), ""), r)) {
            pods.create("default", pod("before-1", null), WriteOptions.DEFAULT);
            pods.create("default", pod("before-2", null), WriteOptions.DEFAULT);
            pods.create("default", pod("after", null), WriteOptions.DEFAULT);
            await().atMost(Duration.ofSeconds(10)).until(() -> !r.events.isEmpty());
            assertThat(r.events).containsExactly("ADDED after");
        }
    }

    @Test
    void aListAtAFutureRevisionTimesOutAsUpstream() {
        long future = store.currentRevision() + 1000;
        assertThatThrownBy(() -> pods.list("default", options(Long.toString(future), "")))
                .isInstanceOfSatisfying(io.j8s.api.errors.StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(504);
                    assertThat(e.reason()).isEqualTo("Timeout");
                    assertThat(e.status().getDetails().getCauses().getFirst().getReason())
                            .isEqualTo("ResourceVersionTooLarge");
                });
    }
}
