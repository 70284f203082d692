package io.j8s.apiserver.registry;

/**
 * Where the {@code scale} subresource finds its fields, as JSON paths such as
 * {@code .spec.replicas}; a custom resource names them in its CustomResourceDefinition.
 *
 * @param labelSelector the path of the selector in its string form; null for the workloads, whose
 *     {@code spec.selector} is a label selector object
 */
public record ScalePaths(String specReplicas, String statusReplicas, String labelSelector) {
    /** Deployments, ReplicaSets, StatefulSets and ReplicationControllers. */
    public static final ScalePaths WORKLOADS = new ScalePaths(".spec.replicas",
            ".status.replicas", null);
}
