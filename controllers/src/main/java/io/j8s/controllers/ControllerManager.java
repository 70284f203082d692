package io.j8s.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.leaderelection.LeaderElection;
import io.j8s.controllers.certificates.CsrApprovingController;
import io.j8s.controllers.certificates.CsrSigningController;
import io.j8s.controllers.nodeipam.NodeIpamController;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The kube-controller-manager of j8s: the controllers it runs, each over the one client it is
 * given (the controller manager's own identity). Today: node IPAM, CSR approving and CSR signing.
 *
 * <pre>{@code
 * try (ControllerManager cm = ControllerManager.builder().client(client)
 *         .clusterCidr("10.42.0.0/16").nodeCidrMaskSize(24)
 *         .clusterSigning(caCrt, caKey).start()) { ... }
 * }</pre>
 */
public final class ControllerManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers");
    static final String LEASE_NAMESPACE = "kube-system";
    static final String LEASE_NAME = "kube-controller-manager";
    private final List<AutoCloseable> running;
    private final Leadership leadership;
    private final AtomicReference<SharedInformers> informers;

    private ControllerManager(List<AutoCloseable> running, Leadership leadership,
            AtomicReference<SharedInformers> informers) {
        this.running = running;
        this.leadership = leadership;
        this.informers = informers;
    }

    /**
     * How many objects of {@code type} the running controllers' shared informers hold: 0 when
     * no controller watches that type or the controllers do not run (what a benchmark waits
     * for before it measures).
     */
    public int informed(Class<? extends HasMetadata> type) {
        SharedInformers current = informers.get();
        return current == null || !leading() ? 0 : current.size(type);
    }

    /** Whether the controllers run: always without leader election, else while leading. */
    public boolean leading() {
        return leadership == null || leadership.leading();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks {@code --cluster-cidr} and {@code --node-cidr-mask-size} before anything starts.
     *
     * @throws IllegalArgumentException saying what is wrong with them
     */
    public static void checkNodeCidrs(String clusterCidr, int nodeCidrMaskSize) {
        NodeIpamController.check(clusterCidr, nodeCidrMaskSize);
    }

    /** Stops every controller, the last started first. */
    @Override
    public void close() {
        for (AutoCloseable c : running.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warning("stopping a controller: " + e);
            }
        }
    }

    /** What the controllers are given. */
    public static final class Builder {
        private KubernetesClient client;
        private String clusterCidr = "10.42.0.0/16";
        private int nodeCidrMaskSize = 24;
        private boolean allocateNodeCidrs = true;
        private Path caCertFile;
        private Path caKeyFile;
        private Path rootCaFile;
        private Path serviceAccountKeyFile;
        private Set<String> controllers = Set.of("*");
        private Clock clock = Clock.systemUTC();
        private boolean leaderElect;
        private String identity = "";
        private final AtomicReference<SharedInformers> current = new AtomicReference<>();

        private Builder() {}

        /**
         * {@code --controllers}: the names to run; {@code *} is every one, {@code -name} turns one
         * off ({@code *,-job}).
         */
        public Builder controllers(Set<String> names) {
            this.controllers = Set.copyOf(names);
            return this;
        }

        /** The clock controllers read; tests give a fake one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The names of every controller the manager knows. */
        public static Set<String> knownControllers() {
            Set<String> names = new java.util.LinkedHashSet<>(List.of("nodeipam", "csrsigning",
                    "csrapproving"));
            names.addAll(ControllerRegistry.all().keySet());
            return names;
        }

        private boolean enabled(String name) {
            if (controllers.contains("-" + name)) {
                return false;
            }
            return controllers.contains(name) || controllers.contains("*");
        }

        /** The client with the controller manager's credentials; closed by the caller. */
        public Builder client(KubernetesClient client) {
            this.client = Objects.requireNonNull(client);
            return this;
        }

        /** {@code --cluster-cidr}: where pod subnets come from. */
        public Builder clusterCidr(String cidr) {
            this.clusterCidr = Objects.requireNonNull(cidr);
            return this;
        }

        /** {@code --node-cidr-mask-size}: the prefix length of each node's pod subnet. */
        public Builder nodeCidrMaskSize(int size) {
            this.nodeCidrMaskSize = size;
            return this;
        }

        /** {@code --allocate-node-cidrs}: on by default, as in k3s. */
        public Builder allocateNodeCidrs(boolean allocate) {
            this.allocateNodeCidrs = allocate;
            return this;
        }

        /**
         * {@code --cluster-signing-cert-file} and {@code --cluster-signing-key-file}: the CA the
         * kubelet signers sign with. Without them no CSR is approved or signed.
         */
        public Builder clusterSigning(Path caCertFile, Path caKeyFile) {
            this.caCertFile = Objects.requireNonNull(caCertFile);
            this.caKeyFile = Objects.requireNonNull(caKeyFile);
            return this;
        }

        /**
         * {@code --root-ca-file}: the CA bundle published as {@code kube-root-ca.crt} in every
         * namespace; without it the client's own CA is published.
         */
        /**
         * Upstream's {@code --service-account-private-key-file}: the PEM RSA key the
         * serviceaccount-token controller signs legacy Secret tokens with.
         */
        public Builder serviceAccountPrivateKeyFile(Path file) {
            this.serviceAccountKeyFile = file;
            return this;
        }

        public Builder rootCaFile(Path file) {
            this.rootCaFile = file;
            return this;
        }

        /**
         * {@code --leader-elect}: run the controllers only while this manager holds the Lease
         * {@code kube-system/kube-controller-manager}, as upstream; {@code identity} is the
         * holder identity (upstream: the host name and a random suffix).
         */
        public Builder leaderElection(boolean elect, String identity) {
            this.leaderElect = elect;
            this.identity = Objects.requireNonNull(identity);
            return this;
        }

        /**
         * Starts every controller (each lists what it watches before it returns), or, with
         * leader election, starts competing for the lease and starts them once it is held.
         *
         * @throws IllegalArgumentException if the cluster CIDR or mask size is unusable
         * @throws IllegalStateException if a controller cannot start (CA unreadable, API down)
         */
        public ControllerManager start() {
            Objects.requireNonNull(client, "client");
            if (allocateNodeCidrs) {
                checkNodeCidrs(clusterCidr, nodeCidrMaskSize);
            }
            if (!leaderElect) {
                return new ControllerManager(startControllers(), null, current);
            }
            Leadership leadership = new Leadership(this::startControllers);
            LeaderElection election = LeaderElection.start(client, LEASE_NAMESPACE, LEASE_NAME,
                    identity, leadership::lead, leadership::stop);
            return new ControllerManager(List.of(leadership, election), leadership, current);
        }

        private List<AutoCloseable> startControllers() {
            List<AutoCloseable> running = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try {
                if (allocateNodeCidrs && enabled("nodeipam")) {
                    running.add(new NodeIpamController(client, clusterCidr, nodeCidrMaskSize)
                            .start());
                    names.add("nodeipam");
                }
                if (caCertFile != null && enabled("csrsigning")) {
                    running.add(new CsrSigningController(client, caCertFile, caKeyFile).start());
                    names.add("csrsigning");
                }
                if (caCertFile != null && enabled("csrapproving")) {
                    running.add(new CsrApprovingController(client).start());
                    names.add("csrapproving");
                }
                SharedInformers informers = new SharedInformers(client);
                current.set(informers);
                Map<String, EventRecorder> recorders = new ConcurrentHashMap<>();
                running.add(informers);
                running.add(() -> recorders.values().forEach(EventRecorder::close));
                ControllerContext context = new ControllerContext(client, informers, clock,
                        component -> recorders.computeIfAbsent(component,
                                c -> EventRecorder.start(client, c, null, clock)),
                        rootCa(), serviceAccountKeyFile);
                List<Controller> built = new ArrayList<>();
                for (Map.Entry<String, Function<ControllerContext, Controller>> e
                        : ControllerRegistry.all().entrySet()) {
                    if (enabled(e.getKey())) {
                        Controller c = e.getValue().apply(context);
                        built.add(c);
                        running.add(c);
                        names.add(e.getKey());
                    }
                }
                informers.start(Duration.ofMinutes(2));
                built.forEach(Controller::start);
            } catch (RuntimeException e) {
                new ControllerManager(running, null, current).close();
                throw e;
            }
            LOG.info("controller manager started controllers: " + String.join(",", names));
            return running;
        }

        private String rootCa() {
            if (rootCaFile == null) {
                return null;
            }
            try {
                return java.nio.file.Files.readString(rootCaFile);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the root CA " + rootCaFile + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
