package io.j8s.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.api.selectors.LabelSelector;

/**
 * The small adapter between the replica engine and one owning kind (ReplicaSet,
 * ReplicationController): how to read its spec and status, and how to write its status.
 */
interface OwnerKind<T extends HasMetadata> {
    /** The spec the engine works to. */
    record Spec(int replicas, LabelSelector selector, PodTemplateSpec template,
            int minReadySeconds) {}

    /** The ReplicaFailure condition as the engine keeps it. */
    record Failure(String reason, String message, String lastTransitionTime) {}

    /** The status the engine writes; {@code failure} is null when there is no ReplicaFailure. */
    record Status(int replicas, int fullyLabeledReplicas, int readyReplicas,
            int availableReplicas, long observedGeneration, Failure failure) {
        boolean sameAs(Status o) {
            return o != null && replicas == o.replicas
                    && fullyLabeledReplicas == o.fullyLabeledReplicas
                    && readyReplicas == o.readyReplicas && availableReplicas == o.availableReplicas
                    && observedGeneration == o.observedGeneration
                    && (failure == null ? o.failure == null : o.failure != null
                            && failure.reason().equals(o.failure.reason())
                            && failure.message().equals(o.failure.message()));
        }
    }

    Class<T> type();

    String kind();

    String apiVersion();

    /** The Event source component, e.g. {@code replicaset-controller}. */
    String component();

    Spec spec(T owner);

    Status status(T owner);

    /** Writes {@code status} through the status subresource of {@code owner}'s current version. */
    void writeStatus(KubernetesClient client, T owner, Status status);
}
