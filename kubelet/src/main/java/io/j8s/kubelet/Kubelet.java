package io.j8s.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.kubelet.node.NodeIdentity;
import io.j8s.kubelet.node.NodeReporter;
import io.j8s.kubelet.pods.NodePods;
import io.j8s.kubelet.pods.PodWorkers;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.volumes.PodVolumes;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The node agent. It registers its Node and keeps its status and Lease current, and runs the
 * pods bound to it on a {@link ContainerRuntime}, talking to the cluster only through the client
 * it is given (its own identity, {@code system:node:<name>}). {@link #close} stops the agent; the
 * containers keep running and the next kubelet on the same runtime re-adopts them.
 *
 * <pre>{@code
 * Kubelet kubelet = Kubelet.builder().nodeName("n1").client(client).runtime(new SimRuntime())
 *         .dataDir(dataDir).nodeAddress("10.0.0.5").build();
 * kubelet.start();
 * }</pre>
 */
public final class Kubelet implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Kubelet.class.getName());

    private final Builder config;
    private final PodWorkers pods;
    private final NodeReporter node;

    private Kubelet(Builder b) {
        this.config = b;
        Path agent = b.dataDir.resolve("agent");
        PodVolumes volumes = b.volumes != null ? b.volumes
                : new EmptyDirVolumes(agent.resolve("kubelet/pods"));
        this.pods = new PodWorkers(b.client, b.runtime, volumes, b.clock, b.nodeName,
                b.nodeAddress, agent, b.clusterDns, b.clusterDomain, b.tickPeriod,
                this::allocatable);
        this.node = new NodeReporter(b.client, b.runtime,
                new NodeIdentity(b.nodeName, b.nodeAddress, b.hostname, b.kubeletPort), b.dataDir,
                b.clock, b.statusPeriod, b.leasePeriod, b.externalCloudProvider, cidr -> {
                    b.runtime.updatePodCidr(cidr);
                    pods.podCidrChanged();
                });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers the node and starts running its pods; returns at once. */
    public void start() {
        LOG.info("kubelet starting: node " + config.nodeName + " at " + config.nodeAddress
                + ", data dir " + config.dataDir.resolve("agent"));
        node.start();
        pods.start();
    }

    /** The pods this node runs, as the kubelet API asks about them. */
    public NodePods pods() {
        return pods;
    }

    /** The runtime the pods run on (for the kubelet API's logs, exec, attach, port-forward). */
    public ContainerRuntime runtime() {
        return config.runtime;
    }

    public String nodeName() {
        return config.nodeName;
    }

    /** Stops the agent (not the containers) and leaves the runtime and client open: the caller's. */
    @Override
    public void close() {
        pods.close();
        node.close();
        LOG.info("kubelet stopped: node " + config.nodeName);
    }

    /**
     * The node's allocatable as the kubelet last reported it (read from memory, never from the
     * API), for downward API defaults and memory-backed volume sizes; before the first report,
     * the machine's CPUs.
     */
    public Map<String, Quantity> allocatable() {
        Map<String, Quantity> reported = node.allocatable();
        return !reported.isEmpty() ? reported : Map.of("cpu", new Quantity(Integer.toString(
                Runtime.getRuntime().availableProcessors())));
    }

    /** What a kubelet is made of; nodeName, client, runtime and dataDir are required. */
    public static final class Builder {
        private String nodeName;
        private KubernetesClient client;
        private ContainerRuntime runtime;
        private Path dataDir;
        private String nodeAddress;
        private String hostname;
        private int kubeletPort = 10250;
        private PodVolumes volumes;
        private Clock clock = Clock.systemUTC();
        private String clusterDns = "10.43.0.10";
        private String clusterDomain = "cluster.local";
        private Duration tickPeriod = Duration.ofSeconds(1);
        private Duration statusPeriod = Duration.ofSeconds(10);
        private Duration leasePeriod = Duration.ofSeconds(10);
        private boolean externalCloudProvider;

        private Builder() {}

        /**
         * The cloud provider is external (upstream's {@code --cloud-provider=external}): the Node
         * registers with the {@code node.cloudprovider.kubernetes.io/uninitialized} taint, which
         * the cloud controller manager removes once it has initialized the node (default off).
         */
        public Builder externalCloudProvider(boolean external) {
            this.externalCloudProvider = external;
            return this;
        }

        public Builder nodeName(String nodeName) {
            this.nodeName = nodeName;
            return this;
        }

        /** The client the kubelet uses (and does not close): its own credentials. */
        public Builder client(KubernetesClient client) {
            this.client = client;
            return this;
        }

        public Builder runtime(ContainerRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        /** The data directory; the kubelet keeps its state under {@code DATA_DIR/agent}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The node's InternalIP (default: the IPv4 address of the default route's interface). */
        public Builder nodeAddress(String nodeAddress) {
            this.nodeAddress = nodeAddress;
            return this;
        }

        /** The node's Hostname address (default: the node name). */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** The kubelet API's port, advertised in the Node's daemonEndpoints (default 10250). */
        public Builder kubeletPort(int kubeletPort) {
            this.kubeletPort = kubeletPort;
            return this;
        }

        /** How pod volumes are set up (default: emptyDir only). */
        public Builder volumes(PodVolumes volumes) {
            this.volumes = volumes;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The cluster DNS server ClusterFirst pods use (default 10.43.0.10). */
        public Builder clusterDns(String clusterDns) {
            this.clusterDns = clusterDns;
            return this;
        }

        public Builder clusterDomain(String clusterDomain) {
            this.clusterDomain = clusterDomain;
            return this;
        }

        /** How often the runtime is relisted and due back-offs and probes are looked at (1 s). */
        Builder tickPeriod(Duration tickPeriod) {
            this.tickPeriod = tickPeriod;
            return this;
        }

        /** How often the node status is computed (10 s; written on change or every 5 min). */
        Builder statusPeriod(Duration statusPeriod) {
            this.statusPeriod = statusPeriod;
            return this;
        }

        /** How often the Lease is renewed (10 s). */
        Builder leasePeriod(Duration leasePeriod) {
            this.leasePeriod = leasePeriod;
            return this;
        }

        public Kubelet build() {
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(dataDir, "dataDir");
            if (nodeAddress == null) {
                nodeAddress = firstAddress();
            }
            if (hostname == null) {
                hostname = nodeName;
            }
            return new Kubelet(this);
        }

        /**
         * The IPv4 address of the interface that holds the default route (from /proc/net/route,
         * so no packet is sent), else the first non-loopback one that is no pod bridge or veth,
         * else 127.0.0.1.
         */
        private static String firstAddress() {
            try {
                for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/net/route"))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 1 && f[1].equals("00000000")) {
                        NetworkInterface nic = NetworkInterface.getByName(f[0]);
                        String a = nic == null ? null : ipv4(nic);
                        if (a != null) {
                            return a;
                        }
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // fall through
            }
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    String name = nic.getName();
                    if (!nic.isUp() || nic.isLoopback() || name.startsWith("cni")
                            || name.startsWith("veth") || name.startsWith("flannel")) {
                        continue;
                    }
                    String a = ipv4(nic);
                    if (a != null) {
                        return a;
                    }
                }
            } catch (SocketException e) {
                // fall through
            }
            return "127.0.0.1";
        }

        private static String ipv4(NetworkInterface nic) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a.getHostAddress();
                }
            }
            return null;
        }
    }
}
