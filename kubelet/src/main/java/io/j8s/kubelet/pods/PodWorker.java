package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.j8s.kubelet.runtime.RuntimeCallException;
import java.time.Clock;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pod's worker: a virtual thread that syncs the pod whenever something asks it to (the pod
 * changed, its containers changed state, a back-off or probe came due), writes the status when it
 * changed, and ends the pod once it is deleted. Signals that arrive during a sync fold into one
 * more sync; a sync that failed (the API or the runtime unreachable) is tried again after a
 * moment of real time.
 */
final class PodWorker {
    private static final Logger LOG = Logger.getLogger(PodWorker.class.getName());

    final PodState state;
    private final PodSync sync;
    private final PodTermination termination;
    private final PodStatusWriter writer;
    private final Clock clock;
    private final String nodeIp;
    private final String runtimeName;
    private final Runnable onDone;
    private final java.util.function.BiConsumer<PodWorker, java.time.Duration> retryLater;
    private static final java.time.Duration RETRY_RUNTIME = java.time.Duration.ofSeconds(2);
    private static final java.time.Duration RETRY_FAILED = java.time.Duration.ofSeconds(1);
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    private volatile Thread thread;
    /** What the last relist saw of this pod's containers. */
    volatile String relistFingerprint;
    /** The pod's final status came from the API (a completed pod seen at start): never rewrite it. */
    private final boolean finishedBefore;

    PodWorker(PodState state, PodSync sync, PodTermination termination, PodStatusWriter writer,
            Clock clock, String nodeIp, String runtimeName, Runnable onDone,
            java.util.function.BiConsumer<PodWorker, java.time.Duration> retryLater) {
        this.retryLater = retryLater;
        this.state = state;
        this.sync = sync;
        this.termination = termination;
        this.writer = writer;
        this.clock = clock;
        this.nodeIp = nodeIp;
        this.runtimeName = runtimeName;
        this.onDone = onDone;
        Pod pod = state.pod;
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        this.finishedBefore = PodSpecs.terminalPhase(phase) && state.containers.isEmpty();
        if (PodSpecs.terminalPhase(phase)) {
            state.terminalPhase = phase;
        }
    }

    void start() {
        thread = Thread.ofVirtual().name("pod-" + PodSpecs.key(state.pod)).start(this::loop);
        signal();
    }

    void update(Pod pod) {
        Pod before = state.pod;
        state.pod = pod;
        if (before == null || !before.getSpec().equals(pod.getSpec())
                || !java.util.Objects.equals(before.getMetadata().getDeletionTimestamp(),
                        pod.getMetadata().getDeletionTimestamp())
                || !java.util.Objects.equals(before.getMetadata().getAnnotations(),
                        pod.getMetadata().getAnnotations())) {
            signal();
        }
    }

    void gone() {
        state.gone = true;
        signal();
    }

    void signal() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                wake.acquire();
                wake.drainPermits();
                if (closed) {
                    return;
                }
                if (state.gone || PodSpecs.deleting(state.pod)) {
                    termination.terminate(state);
                    onDone.run();
                    return;
                }
                sync.sync(state);
                writeStatus();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeCallException e) {
                LOG.log(Level.FINE, "pod " + PodSpecs.key(state.pod) + ": runtime: " + e.getMessage());
                retryLater.accept(this, RETRY_RUNTIME);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "pod " + PodSpecs.key(state.pod) + ": sync failed: " + e);
                retryLater.accept(this, RETRY_FAILED);
            }
        }
    }

    private void writeStatus() {
        if (finishedBefore) {
            return;
        }
        PodStatus status = PodStatusBuilder.build(state, nodeIp, runtimeName, clock.instant());
        if (state.terminalPhase == null && PodSpecs.terminalPhase(status.getPhase())) {
            state.terminalPhase = status.getPhase();
            signal();
        }
        if (!writer.write(state, status)) {
            state.gone = true;
            signal();
        }
    }
}
