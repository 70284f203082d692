package io.j8s.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Store} backend must keep, run unchanged against each of them. A backend's
 * test extends this class and names its endpoint and data directory; every test writes under a
 * prefix of its own and reasons about revisions relative to where it started, so that one backing
 * server can serve the whole class.
 */
public abstract class StoreConformance {
    private static final AtomicInteger TESTS = new AtomicInteger();

    /** The datastore endpoint under test; empty for the embedded SQLite database. */
    protected abstract String endpoint();

    /** The data directory the store lives in (the SQLite database goes below it). */
    protected abstract Path dataDir();

    protected Store store;
    protected String prefix;

    @BeforeEach
    void openStore() {
        store = open();
        prefix = "/registry/conformance-" + ProcessHandle.current().pid() + "-"
                + TESTS.incrementAndGet() + "/";
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected Store open() {
        return Store.builder().endpoint(endpoint()).dataDir(dataDir()).retention(Duration.ZERO).open();
    }

    private static byte[] v(String s) {
        return s.getBytes(UTF_8);
    }

    private String k(String name) {
        return prefix + name;
    }

    @Test
    void revisionsIncreaseByOnePerWriteAndOnlyOnSuccess() {
        long r0 = store.currentRevision();
        KeyValue a = store.create(k("a"), v("1"));
        assertThat(a.createRevision()).isEqualTo(r0 + 1);
        assertThat(a.modRevision()).isEqualTo(r0 + 1);

        KeyValue a2 = store.update(k("a"), v("2"), a.modRevision());
        assertThat(a2.modRevision()).isEqualTo(r0 + 2);
        assertThat(a2.createRevision()).isEqualTo(r0 + 1);

        assertThatThrownBy(() -> store.create(k("a"), v("x"))).isInstanceOf(KeyExistsException.class);
        assertThatThrownBy(() -> store.update(k("a"), v("x"), a.modRevision()))
                .isInstanceOf(ConflictException.class);
        assertThat(store.currentRevision()).isEqualTo(r0 + 2);

        KeyValue b = store.create(k("b"), v("b"));
        assertThat(b.modRevision()).isEqualTo(r0 + 3);
        StoreWriter.Deleted d = store.delete(k("a"), a2.modRevision());
        assertThat(d.revision()).isEqualTo(r0 + 4);
        assertThat(d.previous()).isEqualTo(a2);
        assertThat(store.currentRevision()).isEqualTo(r0 + 4);

        KeyValue again = store.create(k("a"), v("3"));
        assertThat(again.createRevision()).isEqualTo(r0 + 5);
    }

    @Test
    void createOnAnExistingKeyFailsAndKeepsTheValue() {
        KeyValue a = store.create(k("a"), v("first"));
        assertThatThrownBy(() -> store.create(k("a"), v("second")))
                .isInstanceOf(KeyExistsException.class)
                .hasMessageContaining(k("a"));
        assertThat(store.get(k("a"))).contains(a);
    }

    @Test
    void guardedWritesConflictOnAStaleRevision() {
        KeyValue a = store.create(k("a"), v("1"));
        KeyValue a2 = store.update(k("a"), v("2"), a.modRevision());

        assertThatThrownBy(() -> store.update(k("a"), v("3"), a.modRevision()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.current()).isEqualTo(a2));
        assertThatThrownBy(() -> store.delete(k("a"), a.modRevision()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.current()).isEqualTo(a2));
        assertThat(store.get(k("a"))).contains(a2);

        assertThatThrownBy(() -> store.update(k("missing"), v("x"), 1))
                .isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> store.update(k("missing"), v("x"), StoreWriter.ANY_REVISION))
                .isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> store.delete(k("missing"), StoreWriter.ANY_REVISION))
                .isInstanceOf(KeyNotFoundException.class);

        KeyValue a3 = store.update(k("a"), v("3"), StoreWriter.ANY_REVISION);
        assertThat(a3.valueAsString()).isEqualTo("3");
        store.delete(k("a"), StoreWriter.ANY_REVISION);
        assertThat(store.get(k("a"))).isEmpty();
    }

    @Test
    void listReadsAtAPastRevision() {
        KeyValue a = store.create(k("a"), v("a1"));
        KeyValue b = store.create(k("b"), v("b1"));
        long then = store.currentRevision();
        store.update(k("a"), v("a2"), a.modRevision());
        store.delete(k("b"), b.modRevision());
        KeyValue c = store.create(k("c"), v("c1"));
        store.create("/registry/elsewhere-" + prefix.hashCode(), v("not under the prefix"));

        ListPage past = store.list(prefix, then, 0, null);
        assertThat(past.revision()).isEqualTo(then);
        assertThat(past.items()).containsExactly(a, b);
        assertThat(past.hasMore()).isFalse();

        ListPage now = store.list(prefix);
        assertThat(now.revision()).isEqualTo(store.currentRevision());
        assertThat(now.items()).extracting(KeyValue::key).containsExactly(k("a"), k("c"));
        assertThat(now.items().get(0).valueAsString()).isEqualTo("a2");
        assertThat(now.items().get(1)).isEqualTo(c);

        long current = store.currentRevision();
        assertThatThrownBy(() -> store.list(prefix, current + 100, 0, null))
                .isInstanceOfSatisfying(FutureRevisionException.class, e -> {
                    assertThat(e.requested()).isEqualTo(current + 100);
                    assertThat(e.current()).isEqualTo(current);
                });
    }

    @Test
    void aPrefixMatchesOnlyItsOwnKeys() {
        store.create(k("ns/a"), v("1"));
        store.create(k("ns-other/a"), v("2"));
        store.create(k("nsa"), v("3"));
        assertThat(store.list(k("ns/")).items()).extracting(KeyValue::key).containsExactly(k("ns/a"));
    }

    @Test
    void paginationWithLimitAndContinueReadsOneConsistentSnapshot() {
        for (int i = 0; i < 25; i++) {
            store.create(k(String.format("item-%02d", i)), v("v" + i));
        }
        ListPage first = store.list(prefix, 0, 10, null);
        assertThat(first.items()).hasSize(10);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.remaining()).isEqualTo(15);

        // Changes made between pages must not show in later pages of the same list.
        store.create(k("item-15a"), v("new"));
        store.delete(k("item-20"), StoreWriter.ANY_REVISION);

        List<KeyValue> all = new ArrayList<>(first.items());
        ListPage page = first;
        while (page.hasMore()) {
            page = store.list(prefix, first.revision(), 10, page.continueKey());
            assertThat(page.revision()).isEqualTo(first.revision());
            all.addAll(page.items());
        }
        assertThat(all).hasSize(25);
        assertThat(all).extracting(KeyValue::key)
                .doesNotHaveDuplicates()
                .isSorted()
                .contains(k("item-20"))
                .doesNotContain(k("item-15a"));

        ListPage exact = store.list(prefix, 0, 25, null);
        assertThat(exact.items()).hasSize(25);
        assertThat(exact.hasMore()).isFalse();
    }

    @Test
    void watchDeliversEveryLaterEventExactlyOnceInOrderUnderSixteenWriters() throws Exception {
        long from = store.currentRevision();
        RecordingListener live = new RecordingListener();
        Watch liveWatch = store.watch(prefix, from, live);

        int writers = 16;
        int rounds = 40;
        Map<Long, String> expected = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    String key = k("w" + id + "/k" + i);
                    KeyValue c = store.create(key, v("c" + i));
                    expected.put(c.modRevision(), "PUT " + key + " c" + i);
                    KeyValue u = store.update(key, v("u" + i), c.modRevision());
                    expected.put(u.modRevision(), "PUT " + key + " u" + i);
                    if (i % 2 == 0) {
                        StoreWriter.Deleted d = store.delete(key, u.modRevision());
                        expected.put(d.revision(), "DELETE " + key + " u" + i);
                    }
                    // Writes outside the prefix must not reach the watch.
                    store.create("/registry/outside-" + prefix.hashCode() + "/" + id + "/" + i, v("x"));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = expected.size();
        assertThat(total).isEqualTo(writers * rounds * 5 / 2);

        // A watch started after the fact, from the same revision, must see the same history.
        RecordingListener late = new RecordingListener();
        Watch lateWatch = store.watch(prefix, from, late);

        String sentinel = k("sentinel");
        store.create(sentinel, v("written after all the others"));
        for (RecordingListener l : List.of(live, late)) {
            List<WatchEvent> events = l.eventsBefore(sentinel); // nothing more may come
            assertThat(events).hasSize(total);
            assertThat(l.overlapped()).isFalse();
            assertThat(events).extracting(WatchEvent::revision).isSorted().doesNotHaveDuplicates();
            Map<Long, String> seen = new HashMap<>();
            for (WatchEvent e : events) {
                String value = e.type() == WatchEvent.Type.PUT
                        ? e.current().valueAsString()
                        : e.previous().valueAsString();
                seen.put(e.revision(), e.type() + " " + e.key() + " " + value);
            }
            assertThat(seen).isEqualTo(expected);
        }
        liveWatch.close();
        lateWatch.close();
    }

    @Test
    void watchFromZeroStartsAtTheCurrentRevision() {
        store.create(k("before"), v("1"));
        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch(prefix, 0, l)) {
            KeyValue after = store.create(k("after"), v("2"));
            List<WatchEvent> events = l.awaitEvents(1);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).current()).isEqualTo(after);
            assertThat(events.get(0).isCreate()).isTrue();
        }
    }

    @Test
    void eventsCarryThePreviousValueAndDeletesCarryTheLastOne() {
        long from = store.currentRevision();
        KeyValue c = store.create(k("a"), v("created"));
        KeyValue u = store.update(k("a"), v("updated"), c.modRevision());
        StoreWriter.Deleted d = store.delete(k("a"), u.modRevision());

        RecordingListener l = new RecordingListener();
        try (Watch w = store.watch(prefix, from, l)) {
            List<WatchEvent> events = l.awaitEvents(3);
            assertThat(events.get(0).type()).isEqualTo(WatchEvent.Type.PUT);
            assertThat(events.get(0).previous()).isNull();
            assertThat(events.get(1).current()).isEqualTo(u);
            assertThat(events.get(1).previous()).isEqualTo(c);
            WatchEvent delete = events.get(2);
            assertThat(delete.type()).isEqualTo(WatchEvent.Type.DELETE);
            assertThat(delete.revision()).isEqualTo(d.revision());
            assertThat(delete.current()).isNull();
            assertThat(delete.previous()).isEqualTo(u);
        }
    }

    @Test
    void noEventReachesAListenerAfterCloseReturns() throws Exception {
        RecordingListener l = new RecordingListener();
        Watch w = store.watch(prefix, 0, l);
        store.create(k("a"), v("1"));
        l.awaitEvents(1);
        RecordingListener open = new RecordingListener();
        Watch stillOpen = store.watch(prefix, 0, open);
        w.close();
        int seen = l.count();
        for (int i = 0; i < 20; i++) {
            store.create(k("after-" + i), v("x"));
        }
        // Once a watch that stayed open has heard everything, nothing is left in flight.
        store.create(k("sentinel"), v("last"));
        assertThat(open.eventsBefore(k("sentinel"))).hasSize(20);
        stillOpen.close();
        assertThat(l.count()).isEqualTo(seen);
    }

    @Test
    void compactedRevisionsGiveADistinctErrorOnListAndWatch() throws Exception {
        KeyValue a = store.create(k("a"), v("1"));
        for (int i = 0; i < 5; i++) {
            a = store.update(k("a"), v("v" + i), a.modRevision());
        }
        KeyValue b = store.create(k("b"), v("b"));
        long old = a.modRevision() - 3;
        long compactAt = b.modRevision();
        KeyValue after = store.update(k("b"), v("b2"), b.modRevision());

        store.compact(compactAt);
        assertThat(store.compactRevision()).isEqualTo(compactAt);

        assertThatThrownBy(() -> store.list(prefix, old, 0, null))
                .isInstanceOfSatisfying(CompactedException.class,
                        e -> assertThat(e.compactRevision()).isEqualTo(compactAt));

        RecordingListener compacted = new RecordingListener();
        store.watch(prefix, old, compacted);
        StoreException cause = compacted.closed().get(10, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(CompactedException.class);
        assertThat(compacted.count()).isZero();

        // The state at the compaction revision and everything after it is still there.
        assertThat(store.list(prefix, compactAt, 0, null).items()).containsExactly(a, b);
        assertThat(store.list(prefix).items()).containsExactly(a, after);
        assertThat(store.get(k("a"))).contains(a);
        RecordingListener fromCompaction = new RecordingListener();
        try (Watch w = store.watch(prefix, compactAt, fromCompaction)) {
            assertThat(fromCompaction.awaitEvents(1).get(0).current()).isEqualTo(after);
        }

        assertThatThrownBy(() -> store.compact(compactAt)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.compact(store.currentRevision() + 10))
                .isInstanceOf(FutureRevisionException.class);
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillNineOfTheWriter() throws Exception {
        store.close();
        store = null;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DurabilityWriter.class.getName(), endpoint(), dataDir().toString(), prefix);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        Map<String, Long> acked = new HashMap<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (acked.size() < 2000 && System.nanoTime() < deadline
                    && (line = out.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 3 && f[0].equals("ACK")) {
                    acked.put(f[1], Long.parseLong(f[2]));
                }
            }
            // Kill it while it is still writing: every write it acknowledged must be there. (The
            // kill closes the pipe, so what it printed after this point is not counted.)
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        assertThat(acked).as("the writer acknowledged writes before it was killed").hasSizeGreaterThan(100);

        store = open();
        Map<String, Long> stored = new HashMap<>();
        for (KeyValue kv : store.list(prefix).items()) {
            stored.put(kv.key(), kv.modRevision());
            assertThat(kv.valueAsString()).isEqualTo("value of " + kv.key());
        }
        assertThat(stored).containsAllEntriesOf(acked);
    }
}
