package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the kubelet API asks of the pods this node runs: which runtime ids stand for a pod and
 * its containers, and where their logs are. Answers from memory, never from the API.
 */
public interface NodePods {

    /** The pods bound to this node, as last seen. */
    List<Pod> pods();

    /** The pod, if it is bound to this node. */
    Optional<Pod> pod(String namespace, String name);

    /** The runtime id of the pod's current sandbox, if it has one. */
    Optional<String> sandboxId(String namespace, String name);

    /**
     * The runtime id of the container's current instance (or, with {@code previous}, of the one
     * before it), if it has one.
     */
    Optional<String> containerId(String namespace, String name, String container, boolean previous);

    /** The log file of the container's current instance, or of the one before it. */
    Optional<Path> logFile(String namespace, String name, String container, boolean previous);
}
