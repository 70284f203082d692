package io.j8s.controllers;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controllers of a manager that runs under leader election: started when the lease is won
 * (on a thread of their own: the elector's callback returns at once), stopped when it is lost
 * or the manager closes. Never two sets at once.
 */
final class Leadership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers");
    private final Supplier<List<AutoCloseable>> start;
    private List<AutoCloseable> running;
    private boolean leading;
    private boolean closed;

    Leadership(Supplier<List<AutoCloseable>> start) {
        this.start = start;
    }

    void lead() {
        Thread.ofPlatform().daemon().name("controller-manager-leading").start(this::run);
    }

    private void run() {
        synchronized (this) {
            if (closed || leading) {
                return;
            }
            leading = true;
        }
        List<AutoCloseable> started;
        try {
            started = start.get();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "controllers did not start: " + e, e);
            synchronized (this) {
                leading = false;
            }
            return;
        }
        synchronized (this) {
            if (leading && !closed) {
                running = started;
                return;
            }
        }
        closeAll(started);
    }

    synchronized boolean leading() {
        return leading && running != null;
    }

    void stop() {
        List<AutoCloseable> stopping;
        synchronized (this) {
            leading = false;
            stopping = running;
            running = null;
        }
        if (stopping != null) {
            LOG.info("lost the lease: stopping the controllers");
            closeAll(stopping);
        }
    }

    private static void closeAll(List<AutoCloseable> list) {
        for (AutoCloseable c : list.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warning("stopping a controller: " + e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        stop();
    }
}
