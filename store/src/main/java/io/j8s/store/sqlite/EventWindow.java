package io.j8s.store.sqlite;

import io.j8s.store.WatchEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The most recent events, one per revision, in a ring. The writer appends every committed batch and
 * wakes the watches waiting on it; a watch that fell behind the ring reads the log instead.
 *
 * <p>A lock and condition rather than {@code synchronized}, so that thousands of watches parked here
 * on virtual threads hold no carrier thread.
 */
final class EventWindow {
    /** What {@link #await} answers when the events asked for have left the ring. */
    static final List<WatchEvent> EVICTED = Collections.unmodifiableList(new ArrayList<>(0));

    private final WatchEvent[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    /** The revision of the newest event in the ring (the store's revision). */
    private long last;
    /** How many events the ring holds, ending at {@link #last}. */
    private int size;
    private boolean closed;

    EventWindow(int capacity, long revision) {
        this.ring = new WatchEvent[capacity];
        this.last = revision;
    }

    /** Appends the events of one commit, whose revisions follow on from the last one. */
    void append(List<WatchEvent> events) {
        lock.lock();
        try {
            for (WatchEvent e : events) {
                if (e.revision() != last + 1) {
                    throw new IllegalStateException("event " + e.revision() + " after " + last);
                }
                last = e.revision();
                ring[(int) (last % ring.length)] = e;
                size = Math.min(size + 1, ring.length);
            }
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for events after revision {@code after} and returns up to
     * {@code max} of them in order: an empty list if none came, {@link #EVICTED} if some of them are
     * no longer in the ring, null once the window is closed.
     */
    List<WatchEvent> await(long after, int max, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (!closed && last <= after) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                appended.awaitNanos(left);
            }
            if (closed) {
                return null;
            }
            long oldest = last - size + 1;
            if (after + 1 < oldest) {
                return EVICTED;
            }
            int n = (int) Math.min(max, last - after);
            List<WatchEvent> out = new ArrayList<>(n);
            for (long rev = after + 1; rev <= after + n; rev++) {
                out.add(ring[(int) (rev % ring.length)]);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The newest revision appended. */
    long last() {
        lock.lock();
        try {
            return last;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting watch for good. */
    void close() {
        lock.lock();
        try {
            closed = true;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
