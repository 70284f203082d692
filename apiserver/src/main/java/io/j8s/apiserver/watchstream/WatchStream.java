package io.j8s.apiserver.watchstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.endpoints.ApiHandler;
import io.j8s.apiserver.endpoints.Reply;
import io.j8s.apiserver.registry.WatchSink;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One API watch on the wire, whatever the encoding: the registry's events become JSON (Table rows
 * when asked), written through a {@link WatchEncoder} with back-pressure. When the client does not
 * read, the transport's write queue fills and {@link #send} parks the watch's thread until it
 * drains, so nothing piles up on the heap; the watch behind it then falls behind and is ended by
 * the watch cache, or here when the queue stays full for {@link WatchStreams#stallNanos()}
 * (upstream's "Forcing watcher close due to unresponsiveness"). The client gets what was already
 * written, then the end of the stream, and lists again. The watch also ends at its timeout or
 * when the client goes away.
 */
final class WatchStream implements WatchSink {
    private static final Logger LOG = Logger.getLogger(WatchStream.class.getName());
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final WatchStreams streams;
    private final Reply.Watch watch;
    private final WatchEncoder encoder;
    private final java.util.function.IntConsumer onEnd;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final AtomicBoolean ended = new AtomicBoolean();
    private AutoCloseable registryWatch;
    private long timer = -1;

    WatchStream(WatchStreams streams, Reply.Watch watch, WatchEncoder encoder,
            java.util.function.IntConsumer onEnd) {
        this.onEnd = onEnd;
        this.streams = streams;
        this.watch = watch;
        this.encoder = encoder;
    }

    void start() {
        encoder.drainHandler(this::wake);
        encoder.closeHandler(() -> streams.executor().execute(this::stop));
        AutoCloseable started;
        try {
            started = watch.registry().watch(watch.namespace(), watch.options(), this);
        } catch (StatusException e) {
            ended.set(true);
            encoder.refuse(ApiHandler.body(e.code(), e.status(), false));
            onEnd.accept(e.code());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a watch of " + watch.registry().type().plural()
                    + " failed to start", e);
            ended.set(true);
            StatusException internal = StatusException.internal("an error on the server ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ") has prevented the request from succeeding");
            encoder.refuse(ApiHandler.body(500, internal.status(), false));
            onEnd.accept(500);
            return;
        }
        if (!ended.get()) {
            encoder.open();
        }
        long timeout = streams.timeout().millis(watch.options().timeoutSeconds());
        lock.lock();
        try {
            registryWatch = started;
            if (!ended.get() && timeout > 0) {
                timer = streams.vertx().setTimer(timeout,
                        t -> streams.executor().execute(this::stop));
            }
        } finally {
            lock.unlock();
        }
        if (ended.get()) {
            close(started); // ended while starting: the client left, or the watch ended at once
        }
    }

    @Override
    public void send(String type, ObjectNode object) {
        if (ended.get()) {
            return;
        }
        byte[] event = encode(type, object);
        if (!awaitRoom()) {
            if (!ended.get()) {
                LOG.log(Level.INFO, "Forcing watcher close due to unresponsiveness: "
                        + watch.registry().type().plural() + " (the client read nothing for "
                        + TimeUnit.NANOSECONDS.toSeconds(streams.stallNanos()) + " s)");
                stop();
            }
            return;
        }
        encoder.write(event);
    }

    @Override
    public void end() {
        stop();
    }

    /** Waits while the client is behind; false when it stays behind too long or the stream ends. */
    private boolean awaitRoom() {
        if (!encoder.writeQueueFull()) {
            return true;
        }
        long deadline = System.nanoTime() + streams.stallNanos();
        lock.lock();
        try {
            while (encoder.writeQueueFull()) {
                long left = deadline - System.nanoTime();
                if (ended.get() || left <= 0) {
                    return false;
                }
                // The drain handler signals; the bounded wait re-checks in case it came first.
                drained.awaitNanos(Math.min(left, RECHECK_NANOS));
            }
            return !ended.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream once: wakes a parked sender, stops the registry's watch, ends the wire. */
    private void stop() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        AutoCloseable w;
        lock.lock();
        try {
            drained.signalAll();
            w = registryWatch;
            if (timer >= 0) {
                streams.vertx().cancelTimer(timer);
            }
        } finally {
            lock.unlock();
        }
        if (w != null) {
            close(w);
        }
        encoder.end();
        onEnd.accept(200);
    }

    private static void close(AutoCloseable w) {
        try {
            w.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing a watch", e);
        }
    }

    /** One event as JSON; a change sent to many watches is serialized once. */
    private byte[] encode(String type, ObjectNode object) {
        boolean change = !type.equals("ERROR") && !type.equals("BOOKMARK");
        if (watch.table() == null && change) {
            return streams.events().event(type, object);
        }
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.set("object", watch.table() == null || !change ? object : watch.table().apply(object));
        return Json.bytes(event);
    }
}
