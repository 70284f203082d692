package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;

/**
 * What a plugin may use of the framework running it (upstream's {@code framework.Handle}): the
 * cluster client (the scheduler's own identity), the cycle's snapshot, listers, the clock, and
 * the framework's own plugin runs that preemption needs to ask "would the pod fit if...".
 */
public interface FrameworkHandle {
    KubernetesClient client();

    /** The snapshot of the cycle in progress. */
    Snapshot snapshot();

    Listers listers();

    Clock clock();

    /** The profile's {@code schedulerName}. */
    String schedulerName();

    /** How many nodes filtering and scoring work on at once. */
    int parallelism();

    /** Pods nominated to {@code nodeName} by preemption and not yet bound. */
    List<PodInfo> nominatedPods(String nodeName);

    /**
     * Runs every Filter plugin on {@code node}, counting the pods nominated to it with a
     * priority at least the pod's as if they ran there (upstream's
     * {@code RunFilterPluginsWithNominatedPods}).
     */
    Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo node);

    /** Runs every PreFilter plugin's AddPod extension. */
    Status runPreFilterExtensionAddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd,
            NodeInfo node);

    /** Runs every PreFilter plugin's RemovePod extension. */
    Status runPreFilterExtensionRemovePod(CycleState state, Pod podToSchedule,
            PodInfo podToRemove, NodeInfo node);

    /** The pod with that uid waiting in Permit, or null. */
    WaitingPod waitingPod(String uid);

    /** Records an Event on {@code pod} (type Normal or Warning). */
    void event(Pod pod, String type, String reason, String message);
}
