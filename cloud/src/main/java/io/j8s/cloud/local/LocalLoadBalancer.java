package io.j8s.cloud.local;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.j8s.cloud.provider.CloudException;
import io.j8s.cloud.provider.LoadBalancer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Balancers that are an address of the {@link LbPool}: the proxy on each node answers on it
 * (ipMode VIP). Nothing outside the pool's memory is made or removed.
 */
final class LocalLoadBalancer implements LoadBalancer {
    private final LbPool pool;

    LocalLoadBalancer(LbPool pool) {
        this.pool = pool;
    }

    @Override
    public Optional<LoadBalancerStatus> getLoadBalancer(String clusterName, Service service) {
        String ip = statusIp(service);
        return ip == null ? Optional.empty() : Optional.of(status(ip));
    }

    @Override
    public LoadBalancerStatus ensureLoadBalancer(String clusterName, Service service,
            List<Node> nodes) throws CloudException {
        Set<String> ports = new LinkedHashSet<>();
        for (ServicePort p : service.getSpec().getPorts() == null ? List.<ServicePort>of()
                : service.getSpec().getPorts()) {
            ports.add((p.getProtocol() == null ? "TCP" : p.getProtocol()) + "/" + p.getPort());
        }
        String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        return status(pool.allocate(key, ports, statusIp(service)));
    }

    @Override
    public void ensureLoadBalancerDeleted(String clusterName, Service service) {
        pool.release(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName());
    }

    private static LoadBalancerStatus status(String ip) {
        return new LoadBalancerStatusBuilder().addNewIngress().withIp(ip).withIpMode("VIP")
                .endIngress().build();
    }

    private static String statusIp(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return null;
        }
        for (LoadBalancerIngress i : service.getStatus().getLoadBalancer().getIngress()) {
            if (i.getIp() != null) {
                return i.getIp();
            }
        }
        return null;
    }
}
