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

    public CompletableFuture<StoreException> closed() {
        return closed;
    }

    public boolean overlapped() {
        return overlapped;
    }
}
