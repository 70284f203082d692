package io.j8s.api.catalogue;

import static io.j8s.api.catalogue.ResourceTypeBuilder.cluster;
import static io.j8s.api.catalogue.ResourceTypeBuilder.namespaced;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/**
 * The named groups that run and expose workloads, in upstream's {@code /apis} order: apps,
 * events.k8s.io, autoscaling, batch, networking.k8s.io, policy. Within a group, versions come in
 * preference order and resources sorted by plural.
 */
final class WorkloadGroups {
    private WorkloadGroups() {}

    static List<ResourceType> apps() {
        return List.of(
                namespaced("apps/v1", "ControllerRevision", "controllerrevisions",
                        ControllerRevision.class, "/registry/controllerrevisions/").build(),
                namespaced("apps/v1", "DaemonSet", "daemonsets", DaemonSet.class,
                        "/registry/daemonsets/").shortNames("ds").inAll().subresources("status").build(),
                namespaced("apps/v1", "Deployment", "deployments", Deployment.class,
                        "/registry/deployments/").shortNames("deploy").inAll()
                        .subresources("scale", "status").build(),
                namespaced("apps/v1", "ReplicaSet", "replicasets", ReplicaSet.class,
                        "/registry/replicasets/").shortNames("rs").inAll()
                        .subresources("scale", "status").build(),
                namespaced("apps/v1", "StatefulSet", "statefulsets", StatefulSet.class,
                        "/registry/statefulsets/").shortNames("sts").inAll()
                        .subresources("scale", "status").build());
    }

    /** Shares its storage with core v1 events. */
    static List<ResourceType> events() {
        return List.of(namespaced("events.k8s.io/v1", "Event", "events", Event.class,
                "/registry/events/").shortNames("ev").build());
    }

    /** v2 first: upstream prefers it. Both versions share one storage prefix. */
    static List<ResourceType> autoscaling() {
        return List.of(
                namespaced("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers",
                        io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
                        "/registry/horizontalpodautoscalers/").shortNames("hpa").inAll()
                        .subresources("status").build(),
                namespaced("autoscaling/v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers",
                        io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class,
                        "/registry/horizontalpodautoscalers/").shortNames("hpa").inAll()
                        .subresources("status").build());
    }

    static List<ResourceType> batch() {
        return List.of(
                namespaced("batch/v1", "CronJob", "cronjobs", CronJob.class, "/registry/cronjobs/")
                        .shortNames("cj").inAll().subresources("status").build(),
                namespaced("batch/v1", "Job", "jobs", Job.class, "/registry/jobs/")
                        .inAll().subresources("status").build());
    }

    static List<ResourceType> networking() {
        return List.of(
                cluster("networking.k8s.io/v1", "IngressClass", "ingressclasses", IngressClass.class,
                        "/registry/ingressclasses/").build(),
                namespaced("networking.k8s.io/v1", "Ingress", "ingresses", Ingress.class,
                        "/registry/ingress/").shortNames("ing").subresources("status").build(),
                namespaced("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies",
                        NetworkPolicy.class, "/registry/networkpolicies/").shortNames("netpol").build());
    }

    static List<ResourceType> policy() {
        return List.of(namespaced("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets",
                PodDisruptionBudget.class, "/registry/poddisruptionbudgets/").shortNames("pdb")
                .subresources("status").build());
    }
}
