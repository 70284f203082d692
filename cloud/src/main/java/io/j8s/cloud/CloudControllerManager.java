package io.j8s.cloud;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.cloud.provider.CloudProvider;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.leaderelection.LeaderElection;
import io.j8s.componentbase.workqueue.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The cloud controller manager (upstream's cloud-controller-manager): node initialization,
 * Service load balancers and routes over a {@link CloudProvider}, each controller with its own
 * work queue, all fed by one set of informers; with leader election they run only while this
 * process holds the Lease {@code kube-system/cloud-controller-manager}.
 *
 * <pre>{@code
 * CloudControllerManager ccm = CloudControllerManager.builder().client(client)
 *         .provider(LocalProvider.create(null, List.of(nodeIp), new IpRouteTable(), LocalProvider::isLocalAddress))
 *         .leaderElection(true, "host_" + UUID.randomUUID()).start();
 * }</pre>
 */
public final class CloudControllerManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CloudControllerManager.class.getName());
    public static final String LEASE = "cloud-controller-manager";
    private final Builder config;
    private final List<AutoCloseable> running = new ArrayList<>();
    private LeaderElection election;

    private CloudControllerManager(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    private synchronized void lead() {
        if (!running.isEmpty()) {
            return;
        }
        KubernetesClient client = config.client;
        SharedInformers informers = new SharedInformers(client);
        EventRecorder events = EventRecorder.start(client, "cloud-controller-manager", null,
                Clock.systemUTC());
        running.add(informers);
        running.add(events);
        CloudProvider provider = config.provider;
        if (provider.instancesV2().isPresent()) {
            NodeInitController c = new NodeInitController(client, informers, provider, events);
            WorkQueue q = queue("cloud-node", c::sync);
            running.add(q);
            informers.informer(Node.class).addEventHandler(EventHandlers.each(n -> {
                if (NodeInitController.uninitialized(n)) {
                    q.add(n.getMetadata().getName());
                }
            }));
        }
        if (provider.loadBalancer().isPresent()) {
            WorkQueue[] queue = new WorkQueue[1];
            ServiceLbController c = new ServiceLbController(client, informers,
                    provider.loadBalancer().get(), events, config.clusterName,
                    key -> queue[0].add(key));
            queue[0] = queue("cloud-service", c::sync);
            running.add(queue[0]);
            informers.informer(Service.class).addEventHandler(EventHandlers.each(s -> {
                if (ServiceLbController.wantsBalancer(s) || ServiceLbController.hasFinalizer(s)) {
                    queue[0].add(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName());
                }
            }));
        }
        if (config.routes && provider.routes().isPresent()) {
            RouteController c = new RouteController(informers, provider.routes().get(),
                    config.clusterName);
            WorkQueue q = queue("cloud-route", c::sync);
            running.add(q);
            informers.informer(Node.class).addEventHandler(EventHandlers.each(
                    n -> q.add(RouteController.KEY)));
            ScheduledExecutorService resync = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("cloud-route-resync").factory());
            resync.scheduleWithFixedDelay(() -> q.add(RouteController.KEY),
                    config.routeResync.toMillis(), config.routeResync.toMillis(),
                    TimeUnit.MILLISECONDS);
            running.add(resync::shutdownNow);
        }
        informers.start(Duration.ofMinutes(2));
        LOG.info("cloud controller manager running, provider " + provider.providerName()
                + (config.routes ? "" : ", routes off"));
    }

    /** A started queue retrying a failing key after 500 ms, doubling up to 30 s. */
    private static WorkQueue queue(String name, WorkQueue.Sync sync) {
        WorkQueue q = new WorkQueue(name, sync).backOff(Duration.ofMillis(500),
                Duration.ofSeconds(30));
        q.start();
        return q;
    }

    private synchronized void stopControllers() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LOG.warning("stopping: " + e.getMessage());
            }
        }
        running.clear();
    }

    @Override
    public void close() {
        if (election != null) {
            election.close();
        }
        stopControllers();
    }

    /** What the manager is made of; client and provider are required. */
    public static final class Builder {
        private KubernetesClient client;
        private CloudProvider provider;
        private String clusterName = "kubernetes";
        private boolean leaderElection;
        private String identity;
        private boolean routes = true;
        private Duration routeResync = Duration.ofSeconds(10);

        private Builder() {}

        /** The client (system:cloud-controller-manager) the controllers use; not closed. */
        public Builder client(KubernetesClient client) {
            this.client = client;
            return this;
        }

        public Builder provider(CloudProvider provider) {
            this.provider = provider;
            return this;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** Run only while holding the Lease kube-system/cloud-controller-manager as {@code identity}. */
        public Builder leaderElection(boolean on, String identity) {
            this.leaderElection = on;
            this.identity = identity;
            return this;
        }

        /** Whether the route controller runs (upstream's --configure-cloud-routes; default on). */
        public Builder routes(boolean on) {
            this.routes = on;
            return this;
        }

        /** How often routes are compared with the nodes besides on node events (10 s). */
        public Builder routeResync(Duration every) {
            this.routeResync = every;
            return this;
        }

        /** Starts the controllers (once the lease is held, with leader election); returns at once. */
        public CloudControllerManager start() {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(provider, "provider");
            CloudControllerManager m = new CloudControllerManager(this);
            if (leaderElection) {
                m.election = LeaderElection.start(client, "kube-system", LEASE, identity, m::lead,
                        m::stopControllers);
            } else {
                m.lead();
            }
            return m;
        }
    }
}
