package io.j8s.componentbase.leaderelection;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * Runs {@code lead} only while this process holds the Lease {@code namespace/name}, with
 * upstream's timings (lease 15 s, renew deadline 10 s, retry 2 s). When the lease is lost,
 * {@code stop} runs; a component that loses it stops its loops and, as upstream, the process's
 * elector tries again. Closing releases the lease.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class.getName());
    public static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    public static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

    private final CompletableFuture<?> running;

    private LeaderElection(CompletableFuture<?> running) {
        this.running = running;
    }

    /**
     * Starts competing for the lease.
     *
     * @param identity this process's holder identity (host name and a random suffix, upstream)
     * @param lead run (on the elector's thread; it should return quickly) when the lease is won
     * @param stop run when the lease is lost or released
     */
    public static LeaderElection start(KubernetesClient client, String namespace, String name,
            String identity, Runnable lead, Runnable stop) {
        CompletableFuture<?> running = client.leaderElector().withConfig(
                new LeaderElectionConfigBuilder().withName(name)
                        .withLock(new LeaseLock(namespace, name, identity))
                        .withLeaseDuration(LEASE_DURATION).withRenewDeadline(RENEW_DEADLINE)
                        .withRetryPeriod(RETRY_PERIOD).withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(() -> {
                            LOG.info(name + ": " + identity + " holds the lease " + namespace + "/" + name);
                            lead.run();
                        }, () -> {
                            LOG.info(name + ": " + identity + " no longer holds the lease");
                            stop.run();
                        }, leader -> LOG.fine(name + ": the leader is " + leader)))
                        .build()).build().start();
        return new LeaderElection(running);
    }

    @Override
    public void close() {
        running.cancel(true);
    }
}
