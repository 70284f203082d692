package io.j8s.cloud;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.cloud.provider.CloudException;
import io.j8s.cloud.provider.LoadBalancer;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Upstream's service controller: a Service of type LoadBalancer (with no loadBalancerClass) gets
 * the {@code service.kubernetes.io/load-balancer-cleanup} finalizer, a balancer from the provider
 * and {@code status.loadBalancer.ingress}; when it is deleted or changes type the balancer is
 * released, the status cleared and the finalizer removed. A balancer the provider cannot make
 * leaves the Service pending with a Warning {@code SyncLoadBalancerFailed} event that says why;
 * it is tried again with a back-off, and at once when another Service frees an address.
 */
final class ServiceLbController {
    static final String FINALIZER = "service.kubernetes.io/load-balancer-cleanup";
    private final KubernetesClient client;
    private final SharedInformers informers;
    private final LoadBalancer balancers;
    private final EventRecorder events;
    private final String clusterName;
    private final Consumer<String> requeue;

    ServiceLbController(KubernetesClient client, SharedInformers informers, LoadBalancer balancers,
            EventRecorder events, String clusterName, Consumer<String> requeue) {
        this.client = client;
        this.informers = informers;
        this.balancers = balancers;
        this.events = events;
        this.clusterName = clusterName;
        this.requeue = requeue;
    }

    static boolean wantsBalancer(Service s) {
        return s.getMetadata().getDeletionTimestamp() == null && s.getSpec() != null
                && "LoadBalancer".equals(s.getSpec().getType())
                && s.getSpec().getLoadBalancerClass() == null;
    }

    static boolean hasFinalizer(Service s) {
        return s.getMetadata().getFinalizers() != null
                && s.getMetadata().getFinalizers().contains(FINALIZER);
    }

    void sync(String key) {
        int slash = key.indexOf('/');
        String ns = key.substring(0, slash);
        String name = key.substring(slash + 1);
        Service service = informers.get(Service.class, ns, name);
        if (service == null) {
            return;
        }
        if (!wantsBalancer(service)) {
            if (hasFinalizer(service)) {
                release(service);
            }
            return;
        }
        if (!hasFinalizer(service)) {
            List<String> finalizers = new ArrayList<>(service.getMetadata().getFinalizers() == null
                    ? List.of() : service.getMetadata().getFinalizers());
            finalizers.add(FINALIZER);
            patch(service, Map.of("metadata", Map.of("finalizers", finalizers,
                    "resourceVersion", service.getMetadata().getResourceVersion())), false);
        }
        List<Node> nodes = informers.list(Node.class);
        LoadBalancerStatus status;
        try {
            status = balancers.ensureLoadBalancer(clusterName, service, nodes);
        } catch (CloudException e) {
            events.warning(service, "SyncLoadBalancerFailed",
                    "Error syncing load balancer: failed to ensure load balancer: " + e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (!sameIngress(status, service)) {
            events.normal(service, "EnsuringLoadBalancer", "Ensuring load balancer");
            patch(service, Map.of("status", Map.of("loadBalancer", status)), true);
            events.normal(service, "EnsuredLoadBalancer", "Ensured load balancer");
        }
    }

    private void release(Service service) {
        events.normal(service, "DeletingLoadBalancer", "Deleting load balancer");
        try {
            balancers.ensureLoadBalancerDeleted(clusterName, service);
        } catch (CloudException e) {
            events.warning(service, "SyncLoadBalancerFailed",
                    "Error syncing load balancer: failed to delete load balancer: " + e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (service.getMetadata().getDeletionTimestamp() == null) {
            Map<String, Object> lb = new HashMap<>();
            lb.put("ingress", null);
            patch(service, Map.of("status", Map.of("loadBalancer", lb)), true);
        }
        Service current = client.services().inNamespace(service.getMetadata().getNamespace())
                .withName(service.getMetadata().getName()).get();
        if (current != null && hasFinalizer(current)) {
            List<String> finalizers = new ArrayList<>(current.getMetadata().getFinalizers());
            finalizers.remove(FINALIZER);
            patch(current, Map.of("metadata", Map.of("finalizers", finalizers,
                    "resourceVersion", current.getMetadata().getResourceVersion())), false);
        }
        events.normal(service, "DeletedLoadBalancer", "Deleted load balancer");
        for (Service other : informers.list(Service.class)) {
            if (wantsBalancer(other) && (other.getStatus() == null
                    || other.getStatus().getLoadBalancer() == null
                    || other.getStatus().getLoadBalancer().getIngress() == null
                    || other.getStatus().getLoadBalancer().getIngress().isEmpty())) {
                requeue.accept(other.getMetadata().getNamespace() + "/"
                        + other.getMetadata().getName());
            }
        }
    }

    private void patch(Service service, Map<String, Object> patch, boolean status) {
        var resource = client.services().inNamespace(service.getMetadata().getNamespace())
                .withName(service.getMetadata().getName());
        String json = Serialization.asJson(patch);
        if (status) {
            resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), json);
        } else {
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), json);
        }
    }

    private static boolean sameIngress(LoadBalancerStatus want, Service service) {
        List<LoadBalancerIngress> have = service.getStatus() == null
                || service.getStatus().getLoadBalancer() == null ? null
                : service.getStatus().getLoadBalancer().getIngress();
        List<LoadBalancerIngress> wanted = want.getIngress();
        if (have == null || wanted == null || have.size() != wanted.size()) {
            return have == null ? wanted == null || wanted.isEmpty() : false;
        }
        for (int i = 0; i < have.size(); i++) {
            if (!Objects.equals(have.get(i).getIp(), wanted.get(i).getIp())
                    || !Objects.equals(have.get(i).getIpMode(), wanted.get(i).getIpMode())) {
                return false;
            }
        }
        return true;
    }
}
