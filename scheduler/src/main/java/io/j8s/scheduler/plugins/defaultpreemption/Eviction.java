package io.j8s.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.framework.WaitingPod;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's prepareCandidate: each victim waiting in Permit is rejected, the others get the
 * DisruptionTarget condition and are deleted gracefully, with a Preempted event; pods of lower
 * priority nominated to the node lose their nomination.
 */
final class Eviction {
    private static final Logger LOG = Logger.getLogger(Eviction.class.getName());
    private final FrameworkHandle handle;
    private final String plugin;

    Eviction(FrameworkHandle handle, String plugin) {
        this.handle = handle;
        this.plugin = plugin;
    }

    Status prepare(Pod pod, Candidate candidate) {
        String message = "Preempted by pod " + pod.getMetadata().getUid() + " on node "
                + candidate.node();
        for (Pod victim : candidate.victims()) {
            WaitingPod waiting = handle.waitingPod(victim.getMetadata().getUid());
            if (waiting != null) {
                waiting.reject(plugin, "preempted");
            } else {
                Status s = delete(victim);
                if (!s.isSuccess()) {
                    return s;
                }
            }
            handle.event(victim, "Normal", "Preempted", message);
        }
        int priority = PodInfo.priority(pod);
        for (PodInfo nominated : handle.nominatedPods(candidate.node())) {
            Pod p = nominated.pod();
            if (PodInfo.priority(p) < priority
                    && !p.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                clearNomination(p);
            }
        }
        return Status.success();
    }

    private Status delete(Pod victim) {
        var pods = handle.client().pods().inNamespace(victim.getMetadata().getNamespace())
                .withName(victim.getMetadata().getName());
        try {
            String condition = "{\"status\":{\"conditions\":[{\"type\":\"DisruptionTarget\","
                    + "\"status\":\"True\",\"reason\":\"PreemptionByScheduler\",\"message\":\""
                    + handle.schedulerName() + ": preempting to accommodate a higher priority pod\","
                    + "\"lastTransitionTime\":\"" + handle.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}]}}";
            pods.subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), condition);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Status.success();
            }
            LOG.log(Level.FINE, "preemption: could not mark the victim " + victim.getMetadata().getName(), e);
        }
        try {
            pods.delete();
            return Status.success();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Status.success();
            }
            return Status.error("preemption: deleting victim " + victim.getMetadata().getNamespace()
                    + "/" + victim.getMetadata().getName() + ": " + e.getMessage());
        }
    }

    private void clearNomination(Pod p) {
        try {
            handle.client().pods().inNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"status\":{\"nominatedNodeName\":null}}");
        } catch (KubernetesClientException e) {
            LOG.log(Level.FINE, "preemption: could not clear the nomination of "
                    + p.getMetadata().getName(), e);
        }
    }
}
