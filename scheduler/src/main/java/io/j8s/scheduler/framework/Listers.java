package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/** Read-only views of the scheduler's informers that plugins may need beside the snapshot. */
public interface Listers {
    /** Every pod the scheduler's informer holds (pending and bound). */
    List<Pod> pods();

    /** Namespaces, for affinity terms with a {@code namespaceSelector}. */
    List<Namespace> namespaces();

    /** The namespace of that name, or null. */
    Namespace namespace(String name);

    /** PodDisruptionBudgets, for preemption's choice of victims. */
    List<PodDisruptionBudget> podDisruptionBudgets();
}
