package io.j8s.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's selectVictimsOnNode on copies of the cycle state and the node: remove every pod of
 * lower priority; if the pod then fits, add them back one by one, most important first and the
 * ones a PodDisruptionBudget protects before the others, keeping as victims only those whose
 * return makes the pod not fit.
 */
final class VictimSelection {
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    private VictimSelection() {}

    /** The candidate on this node, or the status saying why there is none. */
    record Result(Candidate candidate, Status status) {}

    static Result onNode(FrameworkHandle handle, CycleState cycle, Pod pod, NodeInfo original,
            List<PodDisruptionBudget> pdbs) {
        CycleState state = cycle.copy();
        NodeInfo node = original.copy();
        int priority = PodInfo.priority(pod);
        List<PodInfo> potential = new ArrayList<>();
        for (PodInfo p : original.pods()) {
            if (PodInfo.priority(p.pod()) < priority) {
                potential.add(p);
                node.removePod(p.pod());
                Status s = handle.runPreFilterExtensionRemovePod(state, pod, p, node);
                if (!s.isSuccess()) {
                    return new Result(null, s);
                }
            }
        }
        if (potential.isEmpty()) {
            return new Result(null, Status.unresolvable(NO_VICTIMS));
        }
        Status fits = handle.runFilterPluginsWithNominatedPods(state, pod, node);
        if (!fits.isSuccess()) {
            return new Result(null, fits);
        }
        potential.sort((a, b) -> Candidate.MORE_IMPORTANT_FIRST.compare(a.pod(), b.pod()));
        List<PodInfo> violating = new ArrayList<>();
        List<PodInfo> nonViolating = new ArrayList<>();
        splitByPdb(potential, pdbs, violating, nonViolating);
        List<Pod> victims = new ArrayList<>();
        int violations = 0;
        for (PodInfo p : violating) {
            if (!reprieve(handle, state, pod, node, p, victims)) {
                violations++;
            }
        }
        for (PodInfo p : nonViolating) {
            reprieve(handle, state, pod, node, p, victims);
        }
        victims.sort(Candidate.MORE_IMPORTANT_FIRST);
        return new Result(new Candidate(original.name(), List.copyOf(victims), violations), null);
    }

    /** Puts {@code p} back; when the pod no longer fits, takes it out again as a victim. */
    private static boolean reprieve(FrameworkHandle handle, CycleState state, Pod pod,
            NodeInfo node, PodInfo p, List<Pod> victims) {
        node.addPod(p);
        handle.runPreFilterExtensionAddPod(state, pod, p, node);
        if (handle.runFilterPluginsWithNominatedPods(state, pod, node).isSuccess()) {
            return true;
        }
        node.removePod(p.pod());
        handle.runPreFilterExtensionRemovePod(state, pod, p, node);
        victims.add(p.pod());
        return false;
    }

    /**
     * Upstream's filterPodsWithPDBViolation: a pod violates a budget when, counting the pods
     * before it, the budget's disruptionsAllowed would go below zero.
     */
    static void splitByPdb(List<PodInfo> pods, List<PodDisruptionBudget> pdbs,
            List<PodInfo> violating, List<PodInfo> nonViolating) {
        int[] allowed = new int[pdbs.size()];
        for (int i = 0; i < pdbs.size(); i++) {
            var st = pdbs.get(i).getStatus();
            allowed[i] = st == null || st.getDisruptionsAllowed() == null ? 0 : st.getDisruptionsAllowed();
        }
        for (PodInfo p : pods) {
            boolean violates = false;
            var meta = p.pod().getMetadata();
            for (int i = 0; i < pdbs.size(); i++) {
                PodDisruptionBudget pdb = pdbs.get(i);
                if (!pdb.getMetadata().getNamespace().equals(meta.getNamespace())
                        || pdb.getSpec() == null || pdb.getSpec().getSelector() == null) {
                    continue;
                }
                LabelSelector selector;
                try {
                    selector = LabelSelector.of(pdb.getSpec().getSelector());
                } catch (RuntimeException e) {
                    continue;
                }
                if (selector.isEmpty() || !selector.matches(meta.getLabels())) {
                    continue;
                }
                var disrupted = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptedPods();
                if (disrupted != null && disrupted.containsKey(meta.getName())) {
                    continue;
                }
                allowed[i]--;
                if (allowed[i] < 0) {
                    violates = true;
                }
            }
            (violates ? violating : nonViolating).add(p);
        }
    }
}
