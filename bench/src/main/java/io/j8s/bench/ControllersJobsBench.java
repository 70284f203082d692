package io.j8s.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code jobs10k} of {@code j8s bench controllers}: {@code jobs} Jobs of one pod each, created
 * at once in a namespace of their own, each run to completion end to end: the Job controller
 * creates the pod, the bench plays kubelet and reports it Succeeded through pods/status, and the
 * Job controller counts it (tracking finalizer and all) and sets Complete. The time is from the
 * first create to the last Complete condition seen.
 */
public final class ControllersJobsBench {
    static final String NAMESPACE = "bench-jobs";
    private static final int WRITERS = 32;

    private ControllersJobsBench() {}

    /**
     * Runs the Jobs against a cluster whose controller manager runs the Job controller.
     *
     * @return seconds from the first create to the last Job Complete
     * @throws IllegalStateException if they have not all completed within ten minutes
     */
    public static double run(KubernetesClient admin, int jobs) {
        if (admin.namespaces().withName(NAMESPACE).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName(NAMESPACE).endMetadata().build()).create();
        }
        Set<String> complete = ConcurrentHashMap.newKeySet();
        Set<String> marked = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(jobs);
        AtomicInteger failures = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS,
                Thread.ofPlatform().daemon().name("bench-jobs-", 0).factory());
        SharedIndexInformer<Job> jobInformer = admin.batch().v1().jobs().inNamespace(NAMESPACE)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        onUpdate(null, job);
                    }

                    @Override
                    public void onUpdate(Job old, Job job) {
                        if (completed(job) && complete.add(job.getMetadata().getName())) {
                            done.countDown();
                        }
                    }

                    @Override
                    public void onDelete(Job job, boolean unknown) {
                        // not while the bench runs
                    }
                });
        SharedIndexInformer<Pod> podInformer = admin.pods().inNamespace(NAMESPACE)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        if (marked.add(pod.getMetadata().getUid())) {
                            writers.execute(() -> succeed(admin, pod, failures));
                        }
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        // marked once, on add
                    }

                    @Override
                    public void onDelete(Pod pod, boolean unknown) {
                        // not while the bench runs
                    }
                });
        try {
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                String name = "job-" + i;
                writers.execute(() -> {
                    try {
                        admin.batch().v1().jobs().inNamespace(NAMESPACE).resource(job(name))
                                .create();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                });
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("jobs10k: " + complete.size() + " of " + jobs
                        + " Jobs complete after 10 minutes (" + failures.get()
                        + " failed requests)");
            }
            return (System.nanoTime() - start) / 1e9;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            writers.shutdownNow();
            jobInformer.stop();
            podInformer.stop();
        }
    }

    /** Removes the bench's Jobs and pods (not part of the time). */
    public static void cleanUp(KubernetesClient admin) {
        admin.batch().v1().jobs().inNamespace(NAMESPACE).delete();
        admin.pods().inNamespace(NAMESPACE).withGracePeriod(0).delete();
    }

    private static Job job(String name) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .endMetadata().withNewSpec().withCompletions(1).withParallelism(1)
                .withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("busybox:1.36")
                .withCommand("true").endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static boolean completed(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream().anyMatch(c ->
                        "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void succeed(KubernetesClient admin, Pod pod, AtomicInteger failures) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String status = "{\"status\":{\"phase\":\"Succeeded\",\"startTime\":\"" + now
                + "\",\"containerStatuses\":[{\"name\":\"main\",\"image\":\"busybox:1.36\","
                + "\"imageID\":\"\",\"ready\":false,\"restartCount\":0,\"state\":{\"terminated\":"
                + "{\"exitCode\":0,\"reason\":\"Completed\",\"startedAt\":\"" + now
                + "\",\"finishedAt\":\"" + now + "\"}}}]}}";
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                admin.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName())
                        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                                status);
                return;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                try {
                    Thread.sleep(Duration.ofMillis(100L << attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
