package io.j8s.store.sqlite;

import io.j8s.store.CompactedException;
import io.j8s.store.ConflictException;
import io.j8s.store.FutureRevisionException;
import io.j8s.store.KeyExistsException;
import io.j8s.store.KeyNotFoundException;
import io.j8s.store.KeyValue;
import io.j8s.store.StoreException;
import io.j8s.store.StoreWriter;
import io.j8s.store.StoreWriter.Deleted;
import io.j8s.store.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single writer. It takes every write waiting in its queue, applies them in one transaction,
 * commits (SQLite fsyncs the WAL on commit), and only then hands the events to the
 * {@link EventWindow} and answers the callers: an answered write is durable, and the more clients
 * wait, the more writes share one fsync (group commit).
 *
 * <p>Compaction is logical first (the compaction revision is committed, so reads and watches older
 * than it fail at once) and physical after, a chunk of history at a time between batches, so that
 * deleting old rows never holds writes up for long.
 */
final class Writer implements Runnable {
    private static final Logger LOG = Logger.getLogger(Writer.class.getName());
    private static final int MAX_BATCH = 1024;
    private static final int COMPACTION_CHUNK = 4096;
    /** How often a batch is tried when SQLite says busy; the waits grow to 20 ms, ~2 s in all. */
    private static final int BUSY_ATTEMPTS = 120;

    private final Connection connection;
    private final EventWindow window;
    private final BlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    private final PreparedStatement selectCurrent;
    private final PreparedStatement insertLog;
    private final PreparedStatement upsertCurrent;
    private final PreparedStatement deleteCurrent;
    private final PreparedStatement setMeta;
    private final PreparedStatement compactChunk;

    private volatile long revision;
    private volatile long compactRevision;
    /** History at or below this revision has been removed from the log. */
    private long physicallyCompacted;
    private volatile boolean running = true;
    private final Thread thread;

    Writer(Connection connection, EventWindow window, long revision, long compactRevision)
            throws SQLException {
        this.connection = connection;
        this.window = window;
        this.revision = revision;
        this.compactRevision = compactRevision;
        this.physicallyCompacted = 0;
        connection.setAutoCommit(false);
        selectCurrent = connection.prepareStatement("SELECT c.create_rev, c.mod_rev, l.value"
                + " FROM current c JOIN log l ON l.rev = c.mod_rev WHERE c.key = ?");
        insertLog = connection.prepareStatement("INSERT INTO log (rev, key, deleted, create_rev,"
                + " prev_rev, value) VALUES (?, ?, ?, ?, ?, ?)");
        upsertCurrent = connection.prepareStatement(
                "INSERT OR REPLACE INTO current (key, create_rev, mod_rev) VALUES (?, ?, ?)");
        deleteCurrent = connection.prepareStatement("DELETE FROM current WHERE key = ?");
        setMeta = connection.prepareStatement("UPDATE meta SET value = ? WHERE name = ?");
        // A row at or below the compaction revision goes when a newer row of its key, also at or
        // below it, supersedes it, or when it is a tombstone: what is left is each key's state at
        // the compaction revision, which is all that reads at or after it can need.
        compactChunk = connection.prepareStatement("DELETE FROM log WHERE rev > ? AND rev <= ?"
                + " AND (deleted = 1 OR EXISTS (SELECT 1 FROM log n WHERE n.key = log.key"
                + " AND n.rev > log.rev AND n.rev <= ?))");
        this.thread = Thread.ofPlatform().name("sqlite-writer").daemon(true).unstarted(this);
    }

    void start() {
        thread.start();
    }

    long revision() {
        return revision;
    }

    long compactRevision() {
        return compactRevision;
    }

    /** Queues a write; fails it at once when the writer has stopped. */
    void submit(WriteOp op) {
        if (!running) {
            op.result().completeExceptionally(new StoreException("the store is closed"));
            return;
        }
        queue.add(op);
        if (!running && queue.remove(op)) {
            op.result().completeExceptionally(new StoreException("the store is closed"));
        }
    }

    /** Finishes the writes already queued, then stops. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        List<WriteOp> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                WriteOp first = physicallyCompacted < compactRevision
                        ? queue.poll()
                        : queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    commit(batch);
                    batch.clear();
                }
                if (physicallyCompacted < compactRevision) {
                    compactChunk();
                }
            } catch (InterruptedException e) {
                // stop() wakes us; the loop drains what is queued and ends.
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "sqlite writer failed", e);
                for (WriteOp op : batch) {
                    op.result().completeExceptionally(new StoreException("write failed: " + e, e));
                }
                batch.clear();
            }
        }
    }

    /**
     * Applies a batch in one transaction, commits it, then publishes its events and answers. A
     * transaction that SQLite refuses as busy is rolled back and tried again: the writer's
     * transaction starts as a read and upgrades at its first write, and SQLite answers such an
     * upgrade at once, without waiting out its busy timeout, when another connection holds the
     * write lock at that instant. Once in ~20,000 writes of the API benchmark that happened with
     * no other writer in sight (a reader rebuilding its view of the WAL index takes that lock for
     * a moment: the likeliest culprit). Nothing was published, so trying again is safe.
     */
    private void commit(List<WriteOp> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                commitOnce(batch);
                return;
            } catch (SQLException e) {
                rollbackQuietly();
                if (!busy(e) || attempt >= BUSY_ATTEMPTS) {
                    StoreException failure = new StoreException("database write failed: "
                            + Schema.firstLine(e.getMessage()), e);
                    for (WriteOp op : batch) {
                        op.result().completeExceptionally(failure);
                    }
                    return;
                }
                LOG.log(Level.FINE, "sqlite busy, trying the batch again: " + e.getMessage());
                sleepQuietly(Math.min(attempt, 20));
            }
        }
    }

    private static boolean busy(SQLException e) {
        return (e.getErrorCode() & 0xff) == 5 || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop() is waiting: finish the batch first
        }
    }

    private void commitOnce(List<WriteOp> batch) throws SQLException {
        long before = revision;
        long rev = before;
        long newCompactRevision = compactRevision;
        List<WatchEvent> events = new ArrayList<>(batch.size());
        Object[] outcomes = new Object[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            WriteOp op = batch.get(i);
            try {
                if (op instanceof WriteOp.Compact c) {
                    newCompactRevision = checkCompaction(c.revision(), rev, newCompactRevision);
                    outcomes[i] = newCompactRevision;
                    continue;
                }
                WatchEvent event = apply(op, rev + 1);
                rev++;
                events.add(event);
                outcomes[i] = op instanceof WriteOp.Delete
                        ? new Deleted(event.previous(), event.revision())
                        : event.current();
            } catch (StoreException e) {
                outcomes[i] = e;
            }
        }
        if (rev != before) {
            setMeta("revision", rev);
        }
        if (newCompactRevision != compactRevision) {
            setMeta("compact_revision", newCompactRevision);
        }
        connection.commit();
        revision = rev;
        compactRevision = newCompactRevision;
        if (!events.isEmpty()) {
            window.append(events);
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i).result(), outcomes[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(CompletableFuture<?> result, Object outcome) {
        if (outcome instanceof StoreException e) {
            result.completeExceptionally(e);
        } else {
            ((CompletableFuture<Object>) result).complete(outcome);
        }
    }

    private static long checkCompaction(long target, long current, long compacted) {
        if (target > current) {
            throw new FutureRevisionException(target, current);
        }
        if (target <= compacted) {
            throw new CompactedException(target, compacted);
        }
        return target;
    }

    /** Applies one write as revision {@code rev} and returns its event. */
    private WatchEvent apply(WriteOp op, long rev) throws SQLException {
        return switch (op) {
            case WriteOp.Create c -> {
                if (current(c.key()) != null) {
                    throw new KeyExistsException(c.key());
                }
                insertLog(rev, c.key(), false, rev, 0, c.value());
                upsertCurrent(c.key(), rev, rev);
                yield WatchEvent.put(new KeyValue(c.key(), c.value(), rev, rev), null);
            }
            case WriteOp.Update u -> {
                KeyValue prev = guarded(u.key(), u.expected());
                insertLog(rev, u.key(), false, prev.createRevision(), prev.modRevision(), u.value());
                upsertCurrent(u.key(), prev.createRevision(), rev);
                yield WatchEvent.put(new KeyValue(u.key(), u.value(), prev.createRevision(), rev), prev);
            }
            case WriteOp.Delete d -> {
                KeyValue prev = guarded(d.key(), d.expected());
                insertLog(rev, d.key(), true, prev.createRevision(), prev.modRevision(), null);
                deleteCurrent.setString(1, d.key());
                deleteCurrent.executeUpdate();
                yield WatchEvent.delete(prev, rev);
            }
            case WriteOp.Compact c -> throw new IllegalArgumentException("not a key write: " + c);
        };
    }

    private KeyValue guarded(String key, long expected) throws SQLException {
        KeyValue prev = current(key);
        if (prev == null) {
            throw new KeyNotFoundException(key);
        }
        if (expected != StoreWriter.ANY_REVISION && prev.modRevision() != expected) {
            throw new ConflictException(key, expected, prev);
        }
        return prev;
    }

    private KeyValue current(String key) throws SQLException {
        selectCurrent.setString(1, key);
        try (ResultSet r = selectCurrent.executeQuery()) {
            return r.next() ? new KeyValue(key, r.getBytes(3), r.getLong(1), r.getLong(2)) : null;
        }
    }

    private void insertLog(long rev, String key, boolean deleted, long createRev, long prevRev,
            byte[] value) throws SQLException {
        insertLog.setLong(1, rev);
        insertLog.setString(2, key);
        insertLog.setInt(3, deleted ? 1 : 0);
        insertLog.setLong(4, createRev);
        insertLog.setLong(5, prevRev);
        insertLog.setBytes(6, value);
        insertLog.executeUpdate();
    }

    private void upsertCurrent(String key, long createRev, long modRev) throws SQLException {
        upsertCurrent.setString(1, key);
        upsertCurrent.setLong(2, createRev);
        upsertCurrent.setLong(3, modRev);
        upsertCurrent.executeUpdate();
    }

    private void setMeta(String name, long value) throws SQLException {
        setMeta.setLong(1, value);
        setMeta.setString(2, name);
        setMeta.executeUpdate();
    }

    /** Removes one chunk of compacted history; gives freed pages back once it is all done. */
    private void compactChunk() {
        long target = compactRevision;
        long upTo = Math.min(target, physicallyCompacted + COMPACTION_CHUNK);
        try {
            compactChunk.setLong(1, physicallyCompacted);
            compactChunk.setLong(2, upTo);
            compactChunk.setLong(3, target);
            compactChunk.executeUpdate();
            connection.commit();
            physicallyCompacted = upTo;
            if (upTo == target) {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA incremental_vacuum");
                } finally {
                    connection.setAutoCommit(false);
                }
            }
        } catch (SQLException e) {
            rollbackQuietly();
            LOG.log(Level.WARNING, "compaction of the sqlite log failed: " + e.getMessage());
            physicallyCompacted = target; // try again at the next compaction, not in a loop
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "rollback failed: " + e.getMessage());
        }
    }
}
