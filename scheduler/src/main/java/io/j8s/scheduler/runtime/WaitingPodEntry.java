package io.j8s.scheduler.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.framework.WaitingPod;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pod parked by Permit: it binds when every plugin that made it wait allows it, and goes back
 * to the queue when one rejects it or the timeout runs out.
 */
final class WaitingPodEntry implements WaitingPod {
    private final Pod pod;
    private final Set<String> pending;
    private final Duration timeout;
    private final CompletableFuture<Status> result = new CompletableFuture<>();

    WaitingPodEntry(Pod pod, Set<String> pending, Duration timeout) {
        this.pod = pod;
        this.pending = new HashSet<>(pending);
        this.timeout = timeout;
    }

    @Override
    public Pod pod() {
        return pod;
    }

    @Override
    public synchronized void allow(String pluginName) {
        pending.remove(pluginName);
        if (pending.isEmpty()) {
            result.complete(Status.success());
        }
    }

    @Override
    public void reject(String pluginName, String message) {
        result.complete(Status.unschedulable(message).withPlugin(pluginName));
    }

    /** Waits for the verdict; a timeout is a rejection, as upstream's. */
    Status await() {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            String plugins = String.join(", ", pending);
            return Status.unschedulable("rejected due to timeout after waiting " + timeout.toSeconds()
                    + "s at plugin " + plugins).withPlugin(plugins);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.error("interrupted while waiting on permit");
        } catch (java.util.concurrent.ExecutionException e) {
            return Status.error(e.getCause().toString());
        }
    }
}
