package io.j8s.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.store.CompactedException;
import io.j8s.store.ConflictException;
import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.RecordingListener;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.StoreUnavailableException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.testkit.EtcdServer;
import io.j8s.testkit.FreePorts;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only the etcd backend has to get right: reaching etcd, losing it, and finding it again. */
class EtcdStoreSmokeIT {
    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdServer.start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    private static EtcdStore connect(String endpoint) {
        return EtcdStore.connect(List.of(URI.create(endpoint)), Duration.ofSeconds(5));
    }

    private static byte[] v(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void writesReadsAndPagesAgainstARealEtcd() {
        try (EtcdStore store = connect(etcd.endpoint())) {
            store.awaitReady(Duration.ofSeconds(10));
            assertThat(store.describe()).isEqualTo("etcd " + etcd.endpoint());

            KeyValue a = store.create("/smoke/a", v("1"));
            assertThat(a.createRevision()).isEqualTo(a.modRevision());
            KeyValue a2 = store.update("/smoke/a", v("2"), a.modRevision());
            assertThatThrownBy(() -> store.update("/smoke/a", v("3"), a.modRevision()))
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.current()).isEqualTo(a2));
            for (int i = 0; i < 5; i++) {
                store.create("/smoke/p/" + i, v("p" + i));
            }
            ListPage first = store.list("/smoke/p/", 0, 2, null);
            assertThat(first.items()).extracting(KeyValue::key).containsExactly("/smoke/p/0", "/smoke/p/1");
            assertThat(first.continueKey()).isEqualTo("/smoke/p/1\0");
            assertThat(first.remaining()).isEqualTo(3);
            ListPage second = store.list("/smoke/p/", first.revision(), 2, first.continueKey());
            assertThat(second.items()).extracting(KeyValue::key).containsExactly("/smoke/p/2", "/smoke/p/3");
            assertThat(second.remaining()).isEqualTo(1);

            Store.Deleted d = store.delete("/smoke/a", a2.modRevision());
            assertThat(d.previous()).isEqualTo(a2);
            assertThat(store.get("/smoke/a")).isEmpty();
        }
    }

    @Test
    void anEmptyPrefixListsEveryKey() {
        try (EtcdStore store = connect(etcd.endpoint())) {
            store.create("/empty-prefix/x", v("x"));
            assertThat(store.list("").items()).extracting(KeyValue::key).contains("/empty-prefix/x");
        }
    }

    @Test
    void aListLargerThanGrpcsDefaultMessageLimitArrivesWhole() {
        try (EtcdStore store = connect(etcd.endpoint())) {
            byte[] mebibyte = new byte[1024 * 1024];
            for (int i = 0; i < 6; i++) {
                store.create("/big/" + i, mebibyte);
            }
            assertThat(store.list("/big/").items()).hasSize(6);
        }
    }

    @Test
    void aStoreThatOpensLaterLearnsAnEarlierCompaction() {
        long compactAt;
        try (EtcdStore first = connect(etcd.endpoint())) {
            first.create("/late/a", v("1"));
            compactAt = first.currentRevision();
            first.create("/late/b", v("2"));
            first.compact(compactAt);
        }
        try (EtcdStore second = connect(etcd.endpoint())) {
            assertThat(second.compactRevision()).isGreaterThanOrEqualTo(compactAt);
            assertThatThrownBy(() -> second.list("/late/", compactAt - 1, 0, null))
                    .isInstanceOfSatisfying(CompactedException.class,
                            e -> assertThat(e.compactRevision()).isGreaterThanOrEqualTo(compactAt));
        }
    }

    @Test
    void aWatchJustBeforeAnotherStoresCompactionEndsWithCompacted() throws Exception {
        long compactAt;
        try (EtcdStore first = connect(etcd.endpoint())) {
            first.create("/late-watch/a", v("1"));
            compactAt = first.create("/late-watch/b", v("2")).modRevision();
            first.compact(compactAt);
        }
        try (EtcdStore second = connect(etcd.endpoint())) {
            RecordingListener tooOld = new RecordingListener();
            second.watch("/late-watch/", compactAt - 1, tooOld);
            assertThat(tooOld.closed().get(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(CompactedException.class,
                            e -> assertThat(e.compactRevision()).isEqualTo(compactAt));
            assertThat(tooOld.count()).isZero();

            RecordingListener justRight = new RecordingListener();
            try (Watch w = second.watch("/late-watch/", compactAt, justRight)) {
                KeyValue c = second.create("/late-watch/c", v("3"));
                assertThat(justRight.awaitEvents(1)).extracting(WatchEvent::current).containsExactly(c);
                assertThat(justRight.closed()).isNotDone();
            }
        }
    }

    @Test
    void closingTheStoreEndsItsWatchesWithoutACause() throws Exception {
        EtcdStore store = connect(etcd.endpoint());
        RecordingListener l = new RecordingListener();
        store.watch("/closing/", 0, l);
        store.create("/closing/a", v("1"));
        l.awaitEvents(1);
        store.close();
        assertThat(l.closed().get(10, TimeUnit.SECONDS)).isNull();
        assertThatThrownBy(() -> store.get("/closing/a")).isInstanceOf(StoreException.class);
    }

    @Test
    void awaitReadyNamesAnEndpointNobodyListensOn() {
        String nobody = "http://127.0.0.1:" + FreePorts.pick();
        try (EtcdStore store = connect(nobody)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.awaitReady(Duration.ofSeconds(2)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(nobody)
                    .hasMessageContaining("did not answer within 2s")
                    .hasMessageContaining("check that etcd runs there");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aWatchSurvivesAnEtcdRestartWithoutLosingOrRepeatingEvents() throws Exception {
        try (EtcdServer own = EtcdServer.start(); EtcdStore store = connect(own.endpoint())) {
            RecordingListener l = new RecordingListener();
            Watch w = store.watch("/restart/", 0, l);
            store.create("/restart/before", v("1"));
            l.awaitEvents(1);

            own.kill9();
            own.restart();
            store.awaitReady(Duration.ofSeconds(20));
            KeyValue after = store.create("/restart/after", v("2"));

            store.create("/restart/sentinel", v("3"));
            List<WatchEvent> events = l.eventsBefore("/restart/sentinel");
            assertThat(events).hasSize(2);
            assertThat(events.get(1).current()).isEqualTo(after);
            w.close();
        }
    }
}
