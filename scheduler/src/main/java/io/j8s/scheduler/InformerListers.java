package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.scheduler.framework.Listers;
import java.util.List;

/** The plugins' listers, read from the scheduler's own informers. */
final class InformerListers implements Listers {
    private final SharedInformers informers;

    InformerListers(SharedInformers informers) {
        this.informers = informers;
    }

    @Override
    public List<Pod> pods() {
        return informers.list(Pod.class);
    }

    @Override
    public List<Namespace> namespaces() {
        return informers.list(Namespace.class);
    }

    @Override
    public Namespace namespace(String name) {
        return informers.get(Namespace.class, null, name);
    }

    @Override
    public List<PodDisruptionBudget> podDisruptionBudgets() {
        return informers.list(PodDisruptionBudget.class);
    }
}
