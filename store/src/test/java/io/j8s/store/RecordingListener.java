package io.j8s.store;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A watch listener that keeps what it hears, and notices overlapping calls. */
public final class RecordingListener implements WatchListener {
    private final List<WatchEvent> events = new ArrayList<>();
    private final CompletableFuture<StoreException> closed = new CompletableFuture<>();
    private final AtomicBoolean inCall = new AtomicBoolean();
    private volatile boolean overlapped;

    @Override
    public void onEvent(WatchEvent event) {
        if (!inCall.compareAndSet(false, true)) {
            overlapped = true;
        }
        synchronized (events) {
            events.add(event);
        }
        inCall.set(false);
    }

    @Override
    public void onClosed(StoreException cause) {
        closed.complete(cause);
    }

    public List<WatchEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public int count() {
        synchronized (events) {
            return events.size();
        }
    }

    /** Waits until at least {@code n} events arrived and returns them all. */
    public List<WatchEvent> awaitEvents(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count() >= n);
        return events();
    }

    /**
     * Waits for the event of {@code sentinelKey}, written by the test after everything it expects,
     * and returns the events that came before it: what a watch delivered, with nothing left in
     * flight, without sleeping for an arbitrary time.
     */
    public List<WatchEvent> eventsBefore(String sentinelKey) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> events().stream().anyMatch(e -> e.key().equals(sentinelKey)));
        List<WatchEvent> all = events();
        int at = 0;
        while (!all.get(at).key().equals(sentinelKey)) {
            at++;
        }
        return all.subList(0, at);
    }

    public CompletableFuture<StoreException> closed() {
        return closed;
    }

    public boolean overlapped() {
        return overlapped;
    }
}
