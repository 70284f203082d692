package io.j8s.store.sqlite;

import io.j8s.store.CompactedException;
import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.StoreUnavailableException;
import io.j8s.store.Watch;
import io.j8s.store.WatchListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link Store}: one SQLite database in WAL mode with {@code synchronous=FULL}, so a
 * commit is on disk before any write it holds is answered.
 *
 * <p>Writes go through one {@link Writer} thread that commits whatever is waiting in one transaction;
 * reads borrow a connection from a {@link ReadPool}; watches follow the {@link EventWindow} the writer
 * fills as it commits, and read the log only when they fall behind it. A lock file next to the
 * database keeps a second process from opening it.
 */
public final class SqliteStore implements Store {
    private static final int READERS = 4;
    private static final int WINDOW = 8192;

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection writeConnection;
    private final Writer writer;
    private final ReadPool reads;
    private final EventWindow window;
    private final Set<SqliteWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SqliteStore(Path file, FileChannel lockChannel, FileLock lock, Connection writeConnection,
            ReadPool reads, long revision, long compactRevision) throws SQLException {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writeConnection = writeConnection;
        this.reads = reads;
        this.window = new EventWindow(WINDOW, revision);
        this.writer = new Writer(writeConnection, window, revision, compactRevision);
        writer.start();
    }

    /**
     * Opens (creating if needed) the database at {@code file}.
     *
     * @throws StoreUnavailableException if the directory is not writable, another process has the
     *     database open, or the file is corrupt, not ours, or of a newer schema
     */
    public static SqliteStore open(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new StoreUnavailableException("cannot create " + dir + ": permission denied; run as"
                    + " root or pass a --data-dir you can write");
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create " + dir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new StoreUnavailableException(dir + " is not writable: run as root or pass a"
                    + " --data-dir you can write");
        }
        try {
            PrivateFiles.restrict(file);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot make " + file + " private to this user: "
                    + e.getMessage(), e);
        }
        Path lockFile = dir.resolve(file.getFileName() + ".lock");
        FileChannel channel = null;
        FileLock lock = null;
        Connection writeConnection = null;
        List<ReadConnection> readers = new ArrayList<>();
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreUnavailableException("database " + file + " is in use by another j8s"
                        + " server: stop it first, or pass another --data-dir");
            }
            writeConnection = connect(file);
            Schema.prepare(writeConnection, file);
            try (Statement s = writeConnection.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA journal_size_limit = 67108864");
                s.execute("PRAGMA cache_size = -32000");
            }
            long revision;
            long compactRevision;
            try (Statement s = writeConnection.createStatement();
                    ResultSet r = s.executeQuery("SELECT"
                            + " (SELECT value FROM meta WHERE name = 'revision'),"
                            + " (SELECT value FROM meta WHERE name = 'compact_revision')")) {
                r.next();
                revision = r.getLong(1);
                compactRevision = r.getLong(2);
            }
            for (int i = 0; i < READERS; i++) {
                Connection c = connect(file);
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA query_only = 1");
                    s.execute("PRAGMA cache_size = -16000");
                }
                readers.add(new ReadConnection(c));
            }
            PrivateFiles.restrict(file);
            return new SqliteStore(file, channel, lock, writeConnection,
                    new ReadPool(readers, file), revision, compactRevision);
        } catch (IOException e) {
            closeAll(readers, writeConnection, lock, channel);
            throw new StoreUnavailableException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            closeAll(readers, writeConnection, lock, channel);
            throw Schema.unreadable(file, e);
        } catch (RuntimeException e) {
            closeAll(readers, writeConnection, lock, channel);
            throw e;
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    private static void closeAll(List<ReadConnection> readers, Connection writer, FileLock lock,
            FileChannel channel) {
        try {
            for (ReadConnection r : readers) {
                r.close();
            }
            if (writer != null) {
                writer.close();
            }
        } catch (SQLException e) {
            // already failing; the first error is the one to report
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // as above
        }
    }

    @Override
    public long currentRevision() {
        return writer.revision();
    }

    @Override
    public long compactRevision() {
        return writer.compactRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        checkKey(key);
        return reads.read(c -> c.get(key));
    }

    @Override
    public ListPage list(String prefix, long revision, int limit, String continueKey) {
        Objects.requireNonNull(prefix, "prefix");
        return reads.read(c -> c.list(prefix, revision, limit, continueKey));
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        CompletableFuture<KeyValue> result = new CompletableFuture<>();
        writer.submit(new WriteOp.Create(key, value.clone(), result));
        return WriteOp.await(result);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        CompletableFuture<KeyValue> result = new CompletableFuture<>();
        writer.submit(new WriteOp.Update(key, value.clone(), expectedModRevision, result));
        return WriteOp.await(result);
    }

    @Override
    public Deleted delete(String key, long expectedModRevision) {
        checkKey(key);
        CompletableFuture<Deleted> result = new CompletableFuture<>();
        writer.submit(new WriteOp.Delete(key, expectedModRevision, result));
        return WriteOp.await(result);
    }

    @Override
    public void compact(long revision) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        writer.submit(new WriteOp.Compact(revision, result));
        WriteOp.await(result);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new StoreException("the store is closed");
        }
        long after = fromRevision == 0 ? window.last() : fromRevision;
        long compacted = writer.compactRevision();
        if (after < compacted) {
            // Too old: end it at once, from the watch's own thread as any other ending.
            CompactedException tooOld = new CompactedException(after, compacted);
            Thread.ofVirtual().start(() -> listener.onClosed(tooOld));
            return () -> { };
        }
        SqliteWatch watch = new SqliteWatch(prefix, after, listener, window,
                (from, upTo, p) -> reads.read(c -> c.events(from, upTo, p)), watches);
        watch.start();
        return watch;
    }

    @Override
    public void awaitReady(Duration timeout) {
        reads.read(c -> c.get("/"));
    }

    @Override
    public String describe() {
        return "sqlite " + file;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.stop();
        window.close();
        for (SqliteWatch w : List.copyOf(watches)) {
            w.storeClosed();
        }
        reads.close();
        closeAll(List.of(), writeConnection, lock, lockChannel);
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key must not be empty");
        }
    }
}
