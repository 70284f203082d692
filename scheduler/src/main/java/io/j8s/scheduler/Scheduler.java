package io.j8s.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;

/**
 * STUB (drop at merge): the public API of the scheduler that helper sched-core writes, so that
 * {@code j8s bench scheduler} compiles on this branch. {@link Builder#start()} throws.
 */
public final class Scheduler implements AutoCloseable {
    private Scheduler() {}

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void close() {}

    /** The scheduler's settings. */
    public static final class Builder {
        public Builder client(KubernetesClient client) {
            return this;
        }

        public Builder config(Path config) {
            return this;
        }

        public Builder identity(String identity) {
            return this;
        }

        public Builder leaderElection(boolean leaderElection) {
            return this;
        }

        public Builder clock(Clock clock) {
            return this;
        }

        public Scheduler start() {
            throw new UnsupportedOperationException("the scheduler is not on this branch (stub)");
        }
    }
}
