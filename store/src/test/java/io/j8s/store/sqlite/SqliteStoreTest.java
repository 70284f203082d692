package io.j8s.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.RecordingListener;
import io.j8s.store.Store;
import io.j8s.store.StoreUnavailableException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite backend has to get right: its file, its lock, its window and compaction. */
class SqliteStoreTest {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("state.db");
    }

    @Test
    void aSecondOpenOfTheSameDatabaseIsRefused() {
        try (SqliteStore first = SqliteStore.open(db())) {
            first.create("/a", "1".getBytes(UTF_8));
            assertThatThrownBy(() -> SqliteStore.open(db()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("in use by another j8s server");
            assertThat(first.get("/a")).isPresent();
        }
        try (SqliteStore again = SqliteStore.open(db())) {
            assertThat(again.get("/a")).isPresent();
        }
    }

    @Test
    void aWriteWaitsOutAnotherConnectionHoldingTheWriteLockForAMoment() throws Exception {
        try (SqliteStore s = SqliteStore.open(db())) {
            s.create("/before", "0".getBytes(UTF_8));
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db())) {
                other.setAutoCommit(false);
                try (Statement st = other.createStatement()) {
                    // Takes the write lock, as a reader checking the WAL index does for an instant.
                    st.execute("UPDATE meta SET value = value WHERE name = 'revision'");
                }
                Thread release = Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(300);
                        other.commit();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                // The writer reads first, then upgrades: SQLite says busy at once, without its
                // timeout; the store must try again rather than fail the write.
                KeyValue kv = s.create("/during", "1".getBytes(UTF_8));
                release.join();
                assertThat(kv.modRevision()).isEqualTo(2);
            }
            assertThat(s.get("/during")).isPresent();
        }
    }

    @Test
    void aCorruptFileIsRefusedAndLeftAsItWas() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Files.write(db(), garbage);
        assertThatThrownBy(() -> SqliteStore.open(db()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(db().toString())
                .hasMessageContaining("restore it from a backup");
        assertThat(Files.readAllBytes(db())).isEqualTo(garbage);
    }

    @Test
    void aDamagedJ8sDatabaseIsRefused() throws Exception {
        try (SqliteStore s = SqliteStore.open(db())) {
            for (int i = 0; i < 2000; i++) {
                s.create("/k/" + i, ("value " + i).repeat(20).getBytes(UTF_8));
            }
        }
        byte[] bytes = Files.readAllBytes(db());
        // Scribble over the middle of the file, past the header.
        for (int i = bytes.length / 2; i < bytes.length / 2 + 8192; i++) {
            bytes[i] = (byte) 0x5a;
        }
        Files.write(db(), bytes);
        assertThatThrownBy(() -> SqliteStore.open(db()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("corrupt");
        assertThat(Files.readAllBytes(db())).isEqualTo(bytes);
    }

    @Test
    void anotherProgramsDatabaseAndANewerSchemaAreRefused() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
        }
        byte[] before = Files.readAllBytes(db());
        assertThatThrownBy(() -> SqliteStore.open(db()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("not a j8s database");
        assertThat(Files.readAllBytes(db())).isEqualTo(before);

        Path newer = dir.resolve("newer.db");
        try (SqliteStore s = SqliteStore.open(newer)) {
            s.create("/a", "1".getBytes(UTF_8));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Schema.VERSION + 1));
        }
        assertThatThrownBy(() -> SqliteStore.open(newer))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("newer than this j8s understands");
    }

    @Test
    void anUnwritableDirectoryIsReportedClearly() {
        if ("root".equals(System.getProperty("user.name"))) {
            // root writes everywhere; use a path under a regular file instead.
            Path underFile = dir.resolve("file");
            assertThatThrownBy(() -> {
                Files.writeString(underFile, "x");
                SqliteStore.open(underFile.resolve("db/state.db"));
            }).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("cannot create");
            return;
        }
        assertThatThrownBy(() -> SqliteStore.open(Path.of("/proc/j8s-test/state.db")))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aWatchThatFellBehindTheWindowCatchesUpFromTheLog() throws Exception {
        try (SqliteStore s = SqliteStore.open(db())) {
            s.create("/start", "0".getBytes(UTF_8));
            long from = s.currentRevision();
            int writers = 16;
            int each = 800; // 12,800 events: more than the in-memory window holds
            CountDownLatch done = new CountDownLatch(writers);
            for (int t = 0; t < writers; t++) {
                int id = t;
                Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        s.create("/w/" + id + "/" + i, ("v" + i).getBytes(UTF_8));
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
            int writes = writers * each;
            RecordingListener l = new RecordingListener();
            try (Watch w = s.watch("/w/", from, l)) {
                List<WatchEvent> events = l.awaitEvents(writes);
                assertThat(events).hasSize(writes);
                for (int i = 0; i < writes; i++) {
                    assertThat(events.get(i).revision()).isEqualTo(from + 1 + i);
                }
            }
        }
    }

    @Test
    void concurrentWritersShareCommits() throws Exception {
        try (SqliteStore s = SqliteStore.open(db())) {
            int threads = 32;
            int each = 50;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        s.create("/c/" + id + "/" + i, "x".getBytes(UTF_8));
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            ListPage all = s.list("/c/");
            assertThat(all.items()).hasSize(threads * each);
            assertThat(all.items()).extracting(KeyValue::modRevision).doesNotHaveDuplicates();
            assertThat(s.currentRevision()).isEqualTo((long) threads * each);
        }
    }

    @Test
    void compactionKeepsTheFileFromGrowingWithoutBound() throws Exception {
        try (SqliteStore s = SqliteStore.open(db())) {
            byte[] value = new byte[4096];
            KeyValue kv = s.create("/big", value);
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 2000; i++) {
                    kv = s.update("/big", value, kv.modRevision());
                }
                s.compact(kv.modRevision());
            }
            long size = Files.size(db()) + Files.size(dir.resolve("state.db-wal"));
            assertThat(s.get("/big")).contains(kv);
            // 6000 versions of 4 KiB would be 24 MiB; only the last one needs keeping.
            assertThat(size).isLessThan(20L * 1024 * 1024);
        }
    }

    @Test
    void theBuilderCompactsHistoryOlderThanTheRetention() {
        try (Store s = Store.builder().dataDir(dir).retention(Duration.ofMillis(500)).open()) {
            KeyValue kv = s.create("/a", "0".getBytes(UTF_8));
            long firstRevision = kv.modRevision();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (s.compactRevision() < firstRevision && System.nanoTime() < deadline) {
                kv = s.update("/a", "x".getBytes(UTF_8), kv.modRevision());
            }
            assertThat(s.compactRevision()).isGreaterThanOrEqualTo(firstRevision);
            assertThat(s.compactRevision()).isLessThan(s.currentRevision());
            assertThat(s.get("/a")).contains(kv);
        }
    }
}
