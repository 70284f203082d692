package io.j8s.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The cluster's DNS server: informers on Services and EndpointSlices keep a {@link DnsIndex} of the
 * zone, and UDP and TCP listeners answer from it; names outside the zone go to the upstream
 * resolvers. Starting it waits until the informers have listed, so the first answer is complete.
 *
 * <pre>{@code
 * ClusterDns dns = ClusterDns.builder().client(client).address(InetAddress.getByName("10.0.0.5"))
 *         .port(53).upstreams(ResolvConf.nameservers(Path.of("/etc/resolv.conf"))).start();
 * }</pre>
 */
public final class ClusterDns implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterDns.class.getName());
    static final String SERVICE_INDEX = "service";
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final SharedInformers informers;
    private final DnsListeners listeners;

    private ClusterDns(SharedInformers informers, DnsListeners listeners) {
        this.informers = informers;
        this.listeners = listeners;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on, UDP and TCP. */
    public int port() {
        return listeners.port();
    }

    @Override
    public void close() {
        listeners.close();
        informers.close();
    }

    /** What the server is made of; the client is required. */
    public static final class Builder {
        private KubernetesClient client;
        private String zone = "cluster.local";
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port = 53;
        private List<InetSocketAddress> upstreams = List.of();
        private Duration upstreamTimeout = Duration.ofSeconds(2);
        private int udpReaders = 2;

        private Builder() {}

        /** The client (and credentials, system:kube-dns) the informers use; not closed. */
        public Builder client(KubernetesClient client) {
            this.client = client;
            return this;
        }

        /** The cluster domain (default cluster.local). */
        public Builder zone(String zone) {
            this.zone = zone;
            return this;
        }

        public Builder address(InetAddress address) {
            this.address = address;
            return this;
        }

        /** The UDP and TCP port (default 53; 0: a free one, see {@link ClusterDns#port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where other names are forwarded, in order; empty turns forwarding off (NXDOMAIN). */
        public Builder upstreams(List<InetSocketAddress> upstreams) {
            this.upstreams = List.copyOf(upstreams);
            return this;
        }

        /** How long all upstreams together may take before the client gets SERVFAIL (2 s). */
        public Builder upstreamTimeout(Duration timeout) {
            this.upstreamTimeout = timeout;
            return this;
        }

        /** Threads reading UDP queries (2). */
        public Builder udpReaders(int n) {
            this.udpReaders = n;
            return this;
        }

        /**
         * Lists Services and EndpointSlices, then binds the sockets.
         *
         * @throws IOException when the address or port cannot be bound
         */
        public ClusterDns start() throws IOException {
            Objects.requireNonNull(client, "client");
            Name zoneName;
            try {
                zoneName = Name.fromString(zone.endsWith(".") ? zone : zone + ".");
            } catch (TextParseException e) {
                throw new IllegalArgumentException("cluster domain " + zone + ": " + e.getMessage());
            }
            DnsIndex index = new DnsIndex(zoneName);
            SharedInformers informers = new SharedInformers(client);
            try {
                SharedIndexInformer<Service> services = informers.informer(Service.class);
                SharedIndexInformer<EndpointSlice> slices = informers.informer(EndpointSlice.class);
                slices.addIndexers(Map.of(SERVICE_INDEX, s -> List.of(serviceKey(s))));
                services.addEventHandler(EventHandlers.each(s -> sync(index, informers,
                        s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())));
                slices.addEventHandler(EventHandlers.each(s -> sync(index, informers,
                        serviceKey(s))));
                informers.start(Duration.ofMinutes(2));
                Upstream upstream = new Upstream(upstreams, upstreamTimeout);
                DnsListeners listeners = DnsListeners.bind(address, port,
                        new DnsResponder(index, upstream.enabled()), upstream, udpReaders);
                LOG.info("cluster DNS serving " + zone + " on " + address.getHostAddress() + ":"
                        + listeners.port() + " (udp, tcp); other names to "
                        + (upstreams.isEmpty() ? "nobody (forwarding off)" : upstreams));
                return new ClusterDns(informers, listeners);
            } catch (IOException | RuntimeException e) {
                informers.close();
                throw e;
            }
        }
    }

    private static String serviceKey(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        return slice.getMetadata().getNamespace() + "/" + (service == null ? "" : service);
    }

    private static void sync(DnsIndex index, SharedInformers informers, String key) {
        int slash = key.indexOf('/');
        String name = key.substring(slash + 1);
        if (name.isEmpty()) {
            return;
        }
        Service service = informers.get(Service.class, key.substring(0, slash), name);
        List<EndpointSlice> slices = informers.informer(EndpointSlice.class).getIndexer()
                .byIndex(SERVICE_INDEX, key);
        index.service(key, service, slices);
    }
}
