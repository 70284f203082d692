package io.j8s.controllers;

/**
 * One controller of the controller manager. It is built with a {@link ControllerContext}, and
 * in its constructor asks the shared informers for what it watches and adds its handlers; the
 * manager then starts the informers and, once they have listed, calls {@link #start()}, which
 * starts the controller's work queue (informer + lister + rate-limited queue + sync, STYLE.md).
 */
public interface Controller extends AutoCloseable {
    /** Starts the workers; the informers have listed. */
    void start();

    /** Stops the workers; the informers are the manager's to stop. */
    @Override
    void close();
}
