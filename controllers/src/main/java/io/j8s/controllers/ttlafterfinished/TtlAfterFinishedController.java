package io.j8s.controllers.ttlafterfinished;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Deletes a finished Job {@code ttlSecondsAfterFinished} after its Complete or Failed condition
 * turned True; a Job not expired yet is queued again for the moment it expires. Before the
 * delete the Job is read from the server, so a TTL changed meanwhile is honoured. The delete
 * propagates in the background (upstream asks for Foreground; here the garbage collector then
 * removes the pods without holding the Job).
 */
public final class TtlAfterFinishedController implements Controller {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.ttlafterfinished");

    private final KubernetesClient client;
    private final Clock clock;
    private final SharedIndexInformer<Job> jobs;
    final WorkQueue queue;

    public TtlAfterFinishedController(ControllerContext ctx) {
        this.client = ctx.client();
        this.clock = ctx.clock();
        this.queue = new WorkQueue("ttl-after-finished", this::sync);
        this.jobs = ctx.informers().informer(Job.class);
        jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                if (expiry(job) != null) {
                    queue.add(job.getMetadata().getNamespace() + "/"
                            + job.getMetadata().getName());
                }
            }

            @Override
            public void onUpdate(Job old, Job job) {
                onAdd(job);
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
                // nothing left to do
            }
        });
    }

    /** When a finished Job with a TTL expires, or null if it has none or has not finished. */
    static Instant expiry(Job job) {
        if (job.getSpec() == null || job.getSpec().getTtlSecondsAfterFinished() == null
                || job.getMetadata().getDeletionTimestamp() != null || job.getStatus() == null
                || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if ("True".equals(c.getStatus()) && ("Complete".equals(c.getType())
                    || "Failed".equals(c.getType())) && c.getLastTransitionTime() != null) {
                return Instant.parse(c.getLastTransitionTime())
                        .plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
            }
        }
        return null;
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }

    void sync(String key) {
        Job job = jobs.getStore().getByKey(key);
        if (job == null || !expired(key, job)) {
            return;
        }
        String namespace = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        Job fresh = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        if (fresh == null || !Objects.equals(fresh.getMetadata().getUid(),
                job.getMetadata().getUid()) || !expired(key, fresh)) {
            return;
        }
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            LOG.fine(() -> "deleted finished job " + key + " after its TTL");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private boolean expired(String key, Job job) {
        Instant expiry = expiry(job);
        if (expiry == null) {
            return false;
        }
        Duration left = Duration.between(clock.instant(), expiry);
        if (left.isPositive()) {
            queue.addAfter(key, left);
            return false;
        }
        return true;
    }
}
