package io.j8s.controllers.podautoscaler;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's HPA controller ({@code horizontalpodautoscaling}), each HPA synced every 15 s
 * (horizontal-pod-autoscaler-sync-period): it reads the target's scale subresource, brings a
 * replica count outside [minReplicas, maxReplicas] back inside it (ScalingLimited), and else
 * computes the count from the metrics, which fails with ScalingActive=False
 * (FailedGet...Metric) as long as no metrics API is served.
 */
public final class HorizontalPodAutoscalerController implements Controller {
    static final Duration SYNC_PERIOD = Duration.ofSeconds(15);
    static final String NO_METRICS = "unable to fetch metrics from resource metrics API: the"
            + " server could not find the requested resource (get pods.metrics.k8s.io)";

    private final ControllerContext ctx;
    private final ScaleTargets targets;
    private final EventRecorder events;
    private final WorkQueue queue;

    public HorizontalPodAutoscalerController(ControllerContext ctx) {
        this.ctx = ctx;
        this.targets = new ScaleTargets(ctx.client());
        this.events = ctx.events().apply("horizontal-pod-autoscaler");
        this.queue = new WorkQueue("horizontalpodautoscaling", this::syncAndRequeue);
        ctx.informers().informer(HorizontalPodAutoscaler.class).addEventHandler(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(HorizontalPodAutoscaler h) {
                        queue.add(key(h));
                    }

                    @Override
                    public void onUpdate(HorizontalPodAutoscaler old, HorizontalPodAutoscaler h) {
                        if (!Objects.equals(old.getSpec(), h.getSpec())) {
                            queue.add(key(h));
                        }
                    }

                    @Override
                    public void onDelete(HorizontalPodAutoscaler h, boolean unknown) {
                    }
                });
    }

    private static String key(HorizontalPodAutoscaler h) {
        return h.getMetadata().getNamespace() + "/" + h.getMetadata().getName();
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }

    private void syncAndRequeue(String key) throws Exception {
        try {
            sync(key);
        } finally {
            String[] nn = key.split("/", 2);
            if (ctx.informers().get(HorizontalPodAutoscaler.class, nn[0], nn[1]) != null) {
                queue.addAfter(key, SYNC_PERIOD);
            }
        }
    }

    /** One reconcile of one HPA (upstream's reconcileAutoscaler). */
    void sync(String key) {
        String[] nn = key.split("/", 2);
        HorizontalPodAutoscaler hpa = ctx.informers().get(HorizontalPodAutoscaler.class, nn[0],
                nn[1]);
        if (hpa == null) {
            return;
        }
        Instant now = ctx.clock().instant();
        HorizontalPodAutoscaler next = new HorizontalPodAutoscalerBuilder(hpa).build();
        HorizontalPodAutoscalerStatus status = next.getStatus() == null
                ? new HorizontalPodAutoscalerStatus() : next.getStatus();
        next.setStatus(status);
        status.setObservedGeneration(hpa.getMetadata().getGeneration());
        List<HorizontalPodAutoscalerCondition> conditions = status.getConditions() == null
                ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        ScaleTargets.Scale scale;
        try {
            scale = targets.get(nn[0], hpa.getSpec().getScaleTargetRef());
        } catch (Exception e) {
            set(conditions, "AbleToScale", "False", "FailedGetScale",
                    "the HPA controller was unable to get the target's current scale: "
                            + e.getMessage(), now);
            events.warning(hpa, "FailedGetScale", e.getMessage());
            write(hpa, next, conditions);
            return;
        }
        set(conditions, "AbleToScale", "True", "SucceededGetScale",
                "the HPA controller was able to get the target's current scale", now);
        int current = scale.specReplicas();
        int min = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
        int max = hpa.getSpec().getMaxReplicas();
        status.setCurrentReplicas(scale.statusReplicas());
        int desired;
        String rescaleReason = null;
        if (current == 0 && min != 0) {
            desired = 0;
            set(conditions, "ScalingActive", "False", "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero", now);
        } else if (current > max) {
            desired = max;
            rescaleReason = "Current number of replicas above Spec.MaxReplicas";
            set(conditions, "ScalingLimited", "True", "TooManyReplicas",
                    "the desired replica count is more than the maximum replica count", now);
        } else if (current < min) {
            desired = min;
            rescaleReason = "Current number of replicas below Spec.MinReplicas";
            set(conditions, "ScalingLimited", "True", "TooFewReplicas",
                    "the desired replica count is less than the minimum replica count", now);
        } else {
            // No metrics API is served: upstream's computeReplicasForMetrics fails here.
            String[] failure = metricsFailure(hpa);
            set(conditions, "ScalingActive", "False", failure[0],
                    "the HPA was unable to compute the replica count: " + failure[1], now);
            events.warning(hpa, failure[0], failure[1]);
            events.warning(hpa, "FailedComputeMetricsReplicas", "invalid metrics (1 invalid out"
                    + " of 1), first error is: failed to get " + failure[2] + ": " + failure[1]);
            write(hpa, next, conditions);
            return;
        }
        if (rescaleReason != null && desired != current) {
            try {
                targets.update(nn[0], hpa.getSpec().getScaleTargetRef(), desired);
                set(conditions, "AbleToScale", "True", "SucceededRescale",
                        "the HPA controller was able to update the target scale to " + desired,
                        now);
                events.normal(hpa, "SuccessfulRescale", "New size: " + desired + "; reason: "
                        + rescaleReason);
                status.setLastScaleTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
            } catch (Exception e) {
                set(conditions, "AbleToScale", "False", "FailedUpdateScale",
                        "the HPA controller was unable to update the target scale: "
                                + e.getMessage(), now);
                events.warning(hpa, "FailedRescale", "New size: " + desired + "; reason: "
                        + rescaleReason + "; error: " + e.getMessage());
                desired = current;
            }
        }
        status.setDesiredReplicas(desired);
        write(hpa, next, conditions);
    }

    /** The reason, the error and what was asked for, for the HPA's first metric. */
    private static String[] metricsFailure(HorizontalPodAutoscaler hpa) {
        List<MetricSpec> metrics = hpa.getSpec().getMetrics();
        MetricSpec first = metrics == null || metrics.isEmpty() ? null : metrics.get(0);
        String type = first == null ? "Resource" : first.getType();
        return switch (type) {
            case "Pods" -> new String[] {"FailedGetPodsMetric", "unable to get metric "
                    + first.getPods().getMetric().getName() + ": no custom metrics API"
                    + " (custom.metrics.k8s.io) registered", "pods metric value"};
            case "Object" -> new String[] {"FailedGetObjectMetric", "unable to get metric "
                    + first.getObject().getMetric().getName() + ": no custom metrics API"
                    + " (custom.metrics.k8s.io) registered", "object metric value"};
            case "External" -> new String[] {"FailedGetExternalMetric", "unable to get external"
                    + " metric " + first.getExternal().getMetric().getName()
                    + ": no external metrics API (external.metrics.k8s.io) registered",
                    "external metric value"};
            default -> {
                String resource = first == null ? "cpu" : first.getType().equals("Resource")
                        ? first.getResource().getName() : first.getContainerResource().getName();
                yield new String[] {"Resource".equals(type) ? "FailedGetResourceMetric"
                        : "FailedGetContainerResourceMetric", "unable to get metrics for resource "
                        + resource + ": " + NO_METRICS, resource + " resource metric value"};
            }
        };
    }

    private void write(HorizontalPodAutoscaler old, HorizontalPodAutoscaler next,
            List<HorizontalPodAutoscalerCondition> conditions) {
        next.getStatus().setConditions(conditions);
        if (Objects.equals(old.getStatus(), next.getStatus())) {
            return;
        }
        ctx.client().resources(HorizontalPodAutoscaler.class)
                .inNamespace(old.getMetadata().getNamespace()).resource(next).updateStatus();
    }

    /** Sets a condition; its transition time moves only when its status changes. */
    static void set(List<HorizontalPodAutoscalerCondition> conditions, String type, String status,
            String reason, String message, Instant now) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < conditions.size(); i++) {
            HorizontalPodAutoscalerCondition c = conditions.get(i);
            if (type.equals(c.getType())) {
                conditions.set(i, new HorizontalPodAutoscalerConditionBuilder(c).withStatus(status)
                        .withReason(reason).withMessage(message).withLastTransitionTime(
                                status.equals(c.getStatus()) ? c.getLastTransitionTime() : at)
                        .build());
                return;
            }
        }
        conditions.add(new HorizontalPodAutoscalerConditionBuilder().withType(type)
                .withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(at).build());
    }
}
