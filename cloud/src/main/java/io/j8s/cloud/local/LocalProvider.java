package io.j8s.cloud.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.j8s.cloud.provider.CloudException;
import io.j8s.cloud.provider.CloudProvider;
import io.j8s.cloud.provider.InstancesV2;
import io.j8s.cloud.provider.LoadBalancer;
import io.j8s.cloud.provider.Routes;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The {@code local} provider: every Node is a machine that exists, known by the addresses its
 * kubelet reports, with providerID {@code j8s://NODE} and instance type {@code j8s}; no zones.
 */
public final class LocalProvider implements CloudProvider, InstancesV2 {
    public static final String NAME = "j8s";
    private final LoadBalancer loadBalancer;
    private final Routes routes;

    private LocalProvider(LoadBalancer loadBalancer, Routes routes) {
        this.loadBalancer = loadBalancer;
        this.routes = routes;
    }

    /**
     * The provider with load balancer addresses from {@code lbPool} (a CIDR), or, when it is null,
     * {@code nodeAddresses} shared by port; routes go into {@code table}, except to addresses
     * {@code local} says are this machine's.
     */
    public static LocalProvider create(String lbPool, List<String> nodeAddresses,
            RouteTable table, Predicate<String> local) {
        LbPool pool = lbPool == null || lbPool.isEmpty() ? LbPool.sharedAddresses(nodeAddresses)
                : LbPool.ofCidr(lbPool);
        return new LocalProvider(new LocalLoadBalancer(pool), new LocalRoutes(table, local));
    }

    /** Checks a {@code --lb-pool} value. */
    public static void checkPool(String cidr) {
        LbPool.ofCidr(cidr);
    }

    /** Whether {@code ip} is an address of one of this machine's interfaces. */
    public static boolean isLocalAddress(String ip) {
        try {
            InetAddress a = InetAddress.getByName(ip);
            if (a.isLoopbackAddress()) {
                return true;
            }
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (Collections.list(nic.getInetAddresses()).contains(a)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public String providerName() {
        return NAME;
    }

    @Override
    public Optional<InstancesV2> instancesV2() {
        return Optional.of(this);
    }

    @Override
    public Optional<LoadBalancer> loadBalancer() {
        return Optional.of(loadBalancer);
    }

    @Override
    public Optional<Routes> routes() {
        return Optional.of(routes);
    }

    @Override
    public boolean instanceExists(Node node) {
        return true;
    }

    @Override
    public boolean instanceShutdown(Node node) {
        return false;
    }

    @Override
    public InstanceMetadata instanceMetadata(Node node) throws CloudException {
        List<NodeAddress> addresses = node.getStatus() == null
                || node.getStatus().getAddresses() == null ? List.of()
                : node.getStatus().getAddresses();
        if (addresses.stream().noneMatch(a -> "InternalIP".equals(a.getType()))) {
            throw new CloudException("node " + node.getMetadata().getName()
                    + " has reported no InternalIP yet");
        }
        return new InstanceMetadata("j8s://" + node.getMetadata().getName(), "j8s", addresses,
                "", "");
    }

}
