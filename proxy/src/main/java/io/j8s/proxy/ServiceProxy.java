package io.j8s.proxy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.informers.SharedInformers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The service proxy of a node (kube-proxy): watches Services and EndpointSlices through the API
 * with its own client and writes them as rules in tables and chains of its own, in the
 * {@link ProxyMode} chosen. Its rules stay when it stops (traffic keeps flowing while it
 * restarts, as upstream's); {@link #cleanup()} removes them.
 *
 * <pre>{@code
 * ServiceProxy proxy = ServiceProxy.builder().client(client).nodeName("n1")
 *         .nodeIps(List.of("192.0.2.2")).clusterCidr("10.42.0.0/16")
 *         .serviceCidr("10.43.0.0/16").start();
 * }</pre>
 */
public final class ServiceProxy implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.proxy");

    /**
     * One write of rules: full or of the Services changed, how long building and applying took,
     * and {@code sinceEvent}: from the first informer event it covers (full: from its start) to
     * the rules being in the kernel.
     */
    public record Sync(boolean full, int services, Duration build, Duration apply,
            Duration sinceEvent) {}

    private final SharedInformers informers;
    private final ProxySync sync;
    private final ProxyMode mode;

    private ServiceProxy(SharedInformers informers, ProxySync sync, ProxyMode mode) {
        this.informers = informers;
        this.sync = sync;
        this.mode = mode;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ProxyMode mode() {
        return mode;
    }

    /**
     * Removes every rule j8s's proxy wrote in either mode: the nftables table
     * {@code ip j8s-proxy}, the J8S-* iptables chains and the jumps to them.
     *
     * @return what was removed ("" when nothing was there)
     */
    public static String cleanup() {
        return RuleWriter.cleanup();
    }

    @Override
    public void close() {
        sync.close();
        informers.close();
    }

    /** How to start one. */
    public static final class Builder {
        private KubernetesClient client;
        private String nodeName;
        private List<String> nodeIps = List.of();
        private ProxyMode mode;
        private String clusterCidr;
        private String serviceCidr;
        private Duration resync = Duration.ofMinutes(15);
        private Consumer<Sync> onSync;

        private Builder() {}

        public Builder client(KubernetesClient client) {
            this.client = client;
            return this;
        }

        public Builder nodeName(String nodeName) {
            this.nodeName = nodeName;
            return this;
        }

        public Builder nodeIps(List<String> nodeIps) {
            this.nodeIps = List.copyOf(nodeIps);
            return this;
        }

        /** The mode; null (the default) picks {@link ProxyMode#detect()}. */
        public Builder mode(ProxyMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder clusterCidr(String clusterCidr) {
            this.clusterCidr = clusterCidr;
            return this;
        }

        public Builder serviceCidr(String serviceCidr) {
            this.serviceCidr = serviceCidr;
            return this;
        }

        /** How often everything is rewritten, whatever changed. Default 15 minutes. */
        public Builder resyncPeriod(Duration resync) {
            this.resync = Objects.requireNonNull(resync);
            return this;
        }

        /** Called after every write, on the proxy's thread (for benchmarks and logs). */
        public Builder onSync(Consumer<Sync> onSync) {
            this.onSync = onSync;
            return this;
        }

        /** Lists Services and EndpointSlices, writes the rules once, then follows changes. */
        public ServiceProxy start() {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(nodeName, "nodeName");
            ProxyMode chosen = mode != null ? mode : ProxyMode.detect();
            Network net = new Network(clusterCidr, serviceCidr, nodeIps);
            routeLocalnet();
            SharedInformers informers = new SharedInformers(client);
            ProxySync sync = new ProxySync(informers, nodeName, new RuleWriter(chosen, net),
                    chosen == ProxyMode.nftables ? sp -> NftRules.fragment(sp, net)
                            : sp -> IptablesRules.fragment(sp, net), onSync);
            try {
                sync.start(resync);
            } catch (RuntimeException e) {
                sync.close();
                informers.close();
                throw e;
            }
            LOG.info("service proxy started: mode " + chosen + ", node " + nodeName);
            return new ServiceProxy(informers, sync, chosen);
        }

        /** NodePorts on 127.0.0.1 need the kernel to route localhost-sourced packets, as kube-proxy sets. */
        private static void routeLocalnet() {
            try {
                Files.writeString(Path.of("/proc/sys/net/ipv4/conf/all/route_localnet"), "1");
            } catch (Exception e) {
                LOG.warning("cannot set net.ipv4.conf.all.route_localnet=1, NodePorts on 127.0.0.1"
                        + " will not answer: " + e.getMessage());
            }
        }
    }
}
