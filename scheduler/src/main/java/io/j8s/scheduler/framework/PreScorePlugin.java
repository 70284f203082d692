package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Runs once per cycle before scoring, over the nodes that passed filtering. */
public interface PreScorePlugin extends Plugin {
    Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes);
}
