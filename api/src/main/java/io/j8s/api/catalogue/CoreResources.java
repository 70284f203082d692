package io.j8s.api.catalogue;

import static io.j8s.api.catalogue.ResourceTypeBuilder.cluster;
import static io.j8s.api.catalogue.ResourceTypeBuilder.namespaced;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;

/**
 * The core group, {@code /api/v1}, as upstream 1.33 serves it (without the read-only
 * {@code componentstatuses}); the create-only {@code bindings} binds a pod and keeps nothing. Storage prefixes follow upstream's
 * etcd layout, oddities included: services under {@code services/specs}, endpoints under
 * {@code services/endpoints}, nodes under {@code minions}, replication controllers under
 * {@code controllers}.
 */
final class CoreResources {
    private CoreResources() {}

    /** Sorted by plural, as upstream's discovery lists them. */
    static List<ResourceType> v1() {
        return List.of(
                namespaced("v1", "Binding", "bindings", Binding.class, "").verbs("create").build(),
                namespaced("v1", "ConfigMap", "configmaps", ConfigMap.class, "/registry/configmaps/")
                        .shortNames("cm").build(),
                namespaced("v1", "Endpoints", "endpoints", Endpoints.class,
                        "/registry/services/endpoints/").shortNames("ep").build(),
                // Shares its storage with events.k8s.io/v1 events.
                namespaced("v1", "Event", "events", Event.class, "/registry/events/")
                        .shortNames("ev").build(),
                namespaced("v1", "LimitRange", "limitranges", LimitRange.class,
                        "/registry/limitranges/").shortNames("limits").build(),
                // Namespaces are the one built-in resource without deletecollection.
                cluster("v1", "Namespace", "namespaces", Namespace.class, "/registry/namespaces/")
                        .shortNames("ns").subresources("finalize", "status")
                        .verbs("create", "delete", "get", "list", "patch", "update", "watch").build(),
                cluster("v1", "Node", "nodes", Node.class, "/registry/minions/")
                        .shortNames("no").subresources("proxy", "status").build(),
                namespaced("v1", "PersistentVolumeClaim", "persistentvolumeclaims",
                        PersistentVolumeClaim.class, "/registry/persistentvolumeclaims/")
                        .shortNames("pvc").subresources("status").build(),
                cluster("v1", "PersistentVolume", "persistentvolumes", PersistentVolume.class,
                        "/registry/persistentvolumes/").shortNames("pv").subresources("status").build(),
                namespaced("v1", "Pod", "pods", Pod.class, "/registry/pods/")
                        .shortNames("po").inAll()
                        .subresources("attach", "binding", "ephemeralcontainers", "eviction", "exec",
                                "log", "portforward", "proxy", "resize", "status")
                        .build(),
                namespaced("v1", "PodTemplate", "podtemplates", PodTemplate.class,
                        "/registry/podtemplates/").build(),
                namespaced("v1", "ReplicationController", "replicationcontrollers",
                        ReplicationController.class, "/registry/controllers/")
                        .shortNames("rc").inAll().subresources("scale", "status").build(),
                namespaced("v1", "ResourceQuota", "resourcequotas", ResourceQuota.class,
                        "/registry/resourcequotas/").shortNames("quota").subresources("status").build(),
                namespaced("v1", "Secret", "secrets", Secret.class, "/registry/secrets/").build(),
                namespaced("v1", "ServiceAccount", "serviceaccounts", ServiceAccount.class,
                        "/registry/serviceaccounts/").shortNames("sa").subresources("token").build(),
                namespaced("v1", "Service", "services", Service.class, "/registry/services/specs/")
                        .shortNames("svc").inAll().subresources("proxy", "status").build());
    }
}
