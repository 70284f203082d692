package io.j8s.scheduler.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a user sees of a scheduling attempt, written off the scheduling thread: the Events
 * ({@code Scheduled}, {@code FailedScheduling}), the {@code PodScheduled=False} condition and
 * {@code status.nominatedNodeName} of a pod that did not fit (written only when they change, as
 * upstream's {@code updatePod}), and j8s's last-attempt annotation.
 */
public final class Outcomes {
    private static final Logger LOG = Logger.getLogger(Outcomes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final Framework.EventSink events;
    private final Clock clock;
    private final ExecutorService writer;

    public Outcomes(KubernetesClient client, Framework.EventSink events, Clock clock,
            ExecutorService writer) {
        this.client = client;
        this.events = events;
        this.clock = clock;
        this.writer = writer;
    }

    void scheduled(Pod pod, String node) {
        events.event(pod, "Normal", "Scheduled", "Successfully assigned "
                + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " to " + node);
    }

    /**
     * The pod did not fit (reason Unschedulable) or failed (SchedulerError): the event, the
     * condition and, for preemption, the nominated node; {@code lastAttempt} (or null) goes in
     * the annotation.
     */
    void failed(Pod pod, String reason, String message, String nominatedNode, String lastAttempt) {
        events.event(pod, "Warning", "FailedScheduling", message);
        submit(() -> writeStatus(pod, reason, message, nominatedNode));
        if (lastAttempt != null) {
            submit(() -> writeAnnotation(pod, lastAttempt));
        }
    }

    private void submit(Runnable write) {
        try {
            writer.execute(() -> {
                try {
                    write.run();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        LOG.log(Level.FINE, "pod write failed: " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "pod write failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void writeStatus(Pod pod, String reason, String message, String nominatedNode) {
        PodCondition now = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                : pod.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
        String oldNominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        boolean sameCondition = now != null && "False".equals(now.getStatus())
                && Objects.equals(reason, now.getReason()) && Objects.equals(message, now.getMessage());
        boolean sameNomination = nominatedNode == null
                || Objects.equals(nominatedNode, oldNominated);
        if (sameCondition && sameNomination) {
            return;
        }
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode status = patch.putObject("status");
        ObjectNode c = status.putArray("conditions").addObject();
        c.put("type", "PodScheduled");
        c.put("status", "False");
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", now != null && "False".equals(now.getStatus())
                && now.getLastTransitionTime() != null ? now.getLastTransitionTime()
                : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        c.put("reason", reason);
        c.put("message", message);
        if (nominatedNode != null) {
            status.put("nominatedNodeName", nominatedNode);
        }
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch.toString());
    }

    private void writeAnnotation(Pod pod, String lastAttempt) {
        Map<String, String> current = pod.getMetadata().getAnnotations();
        if (current != null && lastAttempt.equals(current.get(DecisionRecord.LAST_ATTEMPT))) {
            return;
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").putObject("annotations").put(DecisionRecord.LAST_ATTEMPT, lastAttempt);
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }
}
