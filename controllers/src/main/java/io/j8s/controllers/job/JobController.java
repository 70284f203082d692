package io.j8s.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.api.codec.Json;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.replicaset.PodStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Upstream's Job controller. One sync of a Job: count the pods that finished since the last one
 * (first into {@code status.uncountedTerminatedPods}, then their tracking finalizer is removed,
 * then they move to {@code succeeded}/{@code failed}, so a pod is counted once even across a
 * restart), judge failures against the pod failure policy and the back-off limit, check the
 * deadline, then create or delete pods towards parallelism and completions, and finish with
 * FailureTarget/SuccessCriteriaMet followed by Failed/Complete once no pod is left running.
 */
public final class JobController implements Controller {
    static final String BY_JOB = "job-controller-uid";
    /** Syncs at once (upstream's --concurrent-job-syncs is 5; more writes in flight share
     * the store's fsyncs). */
    static final int WORKERS = 16;
    static final Duration BACKOFF_BASE = Duration.ofSeconds(10);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(6);

    private final KubernetesClient client;
    private final Clock clock;
    private final EventRecorder events;
    private final SharedIndexInformer<Job> jobs;
    private final SharedIndexInformer<Pod> pods;
    final WorkQueue queue;
    private final Expectations expectations;
    /** Per Job key: uids whose finalizer this controller removed and the informer still shows. */
    private final Map<String, Set<String>> finalizersRemoved = new ConcurrentHashMap<>();
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();

    /** Failures since the last success and when the last one was seen (upstream's backoffRecord). */
    record Backoff(int failures, Instant last) {}

    public JobController(ControllerContext ctx) {
        this.client = ctx.client();
        this.clock = ctx.clock();
        this.events = ctx.events().apply("job-controller");
        this.expectations = new Expectations(clock);
        this.queue = new WorkQueue("job", this::sync).workers(WORKERS);
        this.jobs = ctx.informers().informer(Job.class);
        this.pods = ctx.informers().informer(Pod.class);
        pods.addIndexers(Map.of(BY_JOB, p -> {
            String uid = JobPods.controllerUid(p);
            return uid == null ? List.of() : List.of(uid);
        }));
        jobs.addEventHandler(handler(j -> queue.add(key(j.getMetadata().getNamespace(),
                j.getMetadata().getName())), j -> {
                    String k = key(j.getMetadata().getNamespace(), j.getMetadata().getName());
                    queue.add(k);
                }));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String k = jobKey(pod);
                if (k != null) {
                    expectations.created(k);
                    queue.add(k);
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                String k = jobKey(pod);
                if (k != null) {
                    if (old.getMetadata().getDeletionTimestamp() == null
                            && pod.getMetadata().getDeletionTimestamp() != null) {
                        expectations.deleted(k);
                    }
                    queue.add(k);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                String k = jobKey(pod);
                if (k != null) {
                    if (pod.getMetadata().getDeletionTimestamp() == null) {
                        expectations.deleted(k);
                    }
                    queue.add(k);
                }
            }
        });
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> changed, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T old, T obj) {
                changed.accept(obj);
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                deleted.accept(obj);
            }
        };
    }

    private static String jobKey(Pod pod) {
        return JobPods.controllerUid(pod) == null ? null
                : key(pod.getMetadata().getNamespace(), JobPods.controllerName(pod));
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }

    /** Syncs the Job {@code namespace/name}. */
    void sync(String key) {
        Job job = jobs.getStore().getByKey(key);
        if (job == null) {
            expectations.forget(key);
            finalizersRemoved.remove(key);
            backoffs.remove(key);
            return;
        }
        List<Pod> owned = pods.getIndexer().byIndex(BY_JOB, job.getMetadata().getUid());
        Set<String> removed = finalizersRemoved.computeIfAbsent(key,
                k -> ConcurrentHashMap.newKeySet());
        Map<String, Pod> byUid = new HashMap<>();
        for (Pod p : owned) {
            byUid.put(p.getMetadata().getUid(), p);
        }
        removed.removeIf(uid -> byUid.get(uid) == null || !JobPods.tracked(byUid.get(uid)));
        JobSync s = new JobSync(job, owned, removed, clock.instant());
        try {
            if (JobConditions.finished(job)) {
                releaseAll(s);
                return;
            }
            run(key, s);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                // our view of the Job is older than the server's (or it is gone): its event
                // queues it again
                return;
            }
            throw e;
        }
    }

    /** A finished Job keeps no pod running and no finalizer on any pod. */
    private void releaseAll(JobSync s) {
        for (Pod p : s.owned) {
            if (JobPods.active(p)) {
                deletePod(s, p);
            }
            if (JobPods.tracked(p) && !s.removed.contains(p.getMetadata().getUid())) {
                removeFinalizer(s, p);
            }
        }
    }

    private void run(String key, JobSync s) {
        Job job = s.job;
        JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
        JobStatus st = Json.convert(Json.tree(old), JobStatus.class);
        UncountedTerminatedPods uncounted = st.getUncountedTerminatedPods() == null
                ? new UncountedTerminatedPods() : st.getUncountedTerminatedPods();
        Set<String> uSucceeded = new LinkedHashSet<>(nz(uncounted.getSucceeded()));
        Set<String> uFailed = new LinkedHashSet<>(nz(uncounted.getFailed()));
        boolean indexed = "Indexed".equals(job.getSpec().getCompletionMode());
        Integer completions = job.getSpec().getCompletions();
        int limit = completions == null ? Integer.MAX_VALUE : completions;
        BitSet completedIndexes = Indexes.parse(st.getCompletedIndexes(), limit);
        boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
        List<Pod> release = new ArrayList<>();
        String failJob = null;
        int newFailures = 0;
        boolean newSuccess = false;
        for (Pod p : s.owned) {
            String uid = p.getMetadata().getUid();
            if (!JobPods.tracked(p) || s.removed.contains(uid) || uSucceeded.contains(uid)
                    || uFailed.contains(uid)) {
                continue;
            }
            if (JobPods.succeeded(p)) {
                int index = JobPods.index(p);
                if (indexed && (index < 0 || index >= limit)) {
                    release.add(p);
                    continue;
                }
                uSucceeded.add(uid);
                newSuccess = true;
                if (indexed) {
                    completedIndexes.set(index);
                }
            } else if (JobPods.failed(p)) {
                if (suspended && JobPods.terminating(p)) {
                    // deleted because the Job is suspended: not a failure of the Job
                    release.add(p);
                    continue;
                }
                PodFailurePolicies.Verdict v = PodFailurePolicies.judge(
                        job.getSpec().getPodFailurePolicy(), p);
                if (v.action().equals("Ignore")) {
                    release.add(p);
                    continue;
                }
                if (v.action().equals("FailJob") && failJob == null) {
                    failJob = v.message();
                }
                uFailed.add(uid);
                newFailures++;
            }
        }
        // kept only once the status that counts these pods is written (a conflict retries the
        // sync, which must not count the same failures twice)
        Backoff backoff = nextBackoff(key, newFailures, newSuccess, s.now);

        int succeeded = nz(st.getSucceeded()) + uSucceeded.size();
        int failed = nz(st.getFailed()) + uFailed.size();
        List<Pod> active = new ArrayList<>();
        int terminating = 0;
        int ready = 0;
        for (Pod p : s.owned) {
            if (JobPods.active(p)) {
                active.add(p);
                if (PodStates.ready(p)) {
                    ready++;
                }
            } else if (JobPods.terminating(p)) {
                terminating++;
            }
        }
        JobConditions conditions = new JobConditions(st, s.now);
        if (!suspended && st.getStartTime() == null) {
            st.setStartTime(JobConditions.time(s.now));
        }

        JobCondition target = conditions.target();
        if (target == null) {
            Integer backoffLimit = job.getSpec().getBackoffLimit();
            Long deadline = job.getSpec().getActiveDeadlineSeconds();
            if (failJob != null) {
                target = conditions.failureTarget("PodFailurePolicy", failJob);
            } else if (backoffLimit != null && failed > backoffLimit) {
                target = conditions.failureTarget("BackoffLimitExceeded",
                        "Job has reached the specified backoff limit");
            } else if (deadline != null && !suspended && st.getStartTime() != null
                    && !s.now.isBefore(Instant.parse(st.getStartTime())
                            .plusSeconds(deadline))) {
                target = conditions.failureTarget("DeadlineExceeded",
                        "Job was active longer than specified deadline");
            } else if (complete(job, indexed, succeeded, completedIndexes, active.size())) {
                target = conditions.successTarget();
            }
        }

        boolean managed = expectations.satisfied(key);
        int activeAfter = active.size();
        if (target != null) {
            for (Pod p : active) {
                deletePod(s, p);
            }
            activeAfter = 0;
            terminating += active.size();
        } else if (suspended) {
            for (Pod p : active) {
                deletePod(s, p);
            }
            activeAfter = 0;
            terminating += active.size();
            if (conditions.set("Suspended", "True", "JobSuspended", "Job suspended")) {
                events.normal(job, "Suspended", "Job suspended");
            }
        } else {
            if (conditions.set("Suspended", "False", "JobResumed", "Job resumed")) {
                events.normal(job, "Resumed", "Job resumed");
                st.setStartTime(JobConditions.time(s.now));
            }
            if (managed) {
                activeAfter = manage(key, s, active, succeeded, completedIndexes, backoff);
            }
            Long deadline = job.getSpec().getActiveDeadlineSeconds();
            if (deadline != null) {
                Duration left = Duration.between(s.now,
                        Instant.parse(st.getStartTime()).plusSeconds(deadline));
                queue.addAfter(key, left.isNegative() ? Duration.ZERO : left);
            }
        }

        // 1. record the newly finished pods as uncounted before their finalizers go
        st.setUncountedTerminatedPods(uncounted(uFailed, uSucceeded));
        st.setActive(activeAfter);
        st.setReady(ready);
        st.setTerminating(terminating);
        if (indexed) {
            st.setCompletedIndexes(Indexes.format(completedIndexes));
        }
        job = writeStatus(job, old, st);
        if (backoff == null) {
            backoffs.remove(key);
        } else {
            backoffs.put(key, backoff);
        }

        // 2. remove the finalizers of every pod recorded, and of ignored or stray pods
        List<Pod> releasing = new ArrayList<>(release);
        for (Pod p : s.owned) {
            String uid = p.getMetadata().getUid();
            if ((uSucceeded.contains(uid) || uFailed.contains(uid)) && JobPods.tracked(p)
                    && !s.removed.contains(uid)) {
                releasing.add(p);
            }
        }
        for (Pod p : releasing) {
            removeFinalizer(s, p);
        }

        // 3. count the pods whose finalizer is gone, then finish the Job when nothing runs
        JobStatus before = job.getStatus();
        st = Json.convert(Json.tree(before), JobStatus.class);
        int movedSucceeded = 0;
        int movedFailed = 0;
        for (String uid : List.copyOf(uSucceeded)) {
            if (released(s, uid)) {
                uSucceeded.remove(uid);
                movedSucceeded++;
            }
        }
        for (String uid : List.copyOf(uFailed)) {
            if (released(s, uid)) {
                uFailed.remove(uid);
                movedFailed++;
            }
        }
        st.setSucceeded(nz(st.getSucceeded()) + movedSucceeded);
        st.setFailed(nz(st.getFailed()) + movedFailed);
        st.setUncountedTerminatedPods(uncounted(uFailed, uSucceeded));
        conditions = new JobConditions(st, s.now);
        target = conditions.target();
        boolean finishedNow = false;
        if (target != null && uSucceeded.isEmpty() && uFailed.isEmpty()
                && st.getActive() == 0 && nz(st.getTerminating()) == 0) {
            finishedNow = conditions.finish(target);
            if (finishedNow && target.getType().equals("SuccessCriteriaMet")) {
                st.setCompletionTime(JobConditions.time(s.now));
            }
        }
        writeStatus(job, before, st);
        if (finishedNow) {
            if (target.getType().equals("SuccessCriteriaMet")) {
                events.normal(job, "Completed", "Job completed");
            } else {
                events.warning(job, target.getReason(), target.getMessage());
            }
        }
    }

    private boolean released(JobSync s, String uid) {
        Pod p = s.byUid.get(uid);
        return p == null || !JobPods.tracked(p) || s.removed.contains(uid);
    }

    private static boolean complete(Job job, boolean indexed, int succeeded, BitSet indexes,
            int active) {
        Integer completions = job.getSpec().getCompletions();
        if (completions == null) {
            return succeeded > 0 && active == 0;
        }
        return indexed ? indexes.cardinality() >= completions : succeeded >= completions;
    }

    /** Creates or deletes pods towards what the spec asks; returns how many are active. */
    private int manage(String key, JobSync s, List<Pod> active, int succeeded,
            BitSet completedIndexes, Backoff backoff) {
        Job job = s.job;
        int parallelism = nz(job.getSpec().getParallelism());
        Integer completions = job.getSpec().getCompletions();
        boolean indexed = "Indexed".equals(job.getSpec().getCompletionMode());
        List<Pod> excess = new ArrayList<>();
        List<Integer> toCreate = new ArrayList<>();
        if (indexed) {
            BitSet running = new BitSet();
            for (Pod p : active) {
                int i = JobPods.index(p);
                if (i < 0 || i >= completions || completedIndexes.get(i) || running.get(i)) {
                    excess.add(p);
                } else {
                    running.set(i);
                }
            }
            int room = parallelism - (active.size() - excess.size());
            for (int i = 0; i < completions && toCreate.size() < room; i++) {
                if (!completedIndexes.get(i) && !running.get(i)) {
                    toCreate.add(i);
                }
            }
        } else {
            int want;
            if (completions == null) {
                want = succeeded > 0 ? Math.min(active.size(), parallelism) : parallelism;
            } else {
                want = Math.max(0, Math.min(parallelism, completions - succeeded));
            }
            if (active.size() > want) {
                List<Pod> sorted = new ArrayList<>(active);
                sorted.sort(DELETE_ORDER);
                excess.addAll(sorted.subList(0, active.size() - want));
            }
            for (int i = active.size(); i < want; i++) {
                toCreate.add(null);
            }
        }
        if (!toCreate.isEmpty()) {
            Duration wait = backoffRemaining(backoff, s.now);
            if (wait.isPositive()) {
                queue.addAfter(key, wait);
                toCreate.clear();
            }
        }
        expectations.expect(key, toCreate.size(), excess.size());
        for (Pod p : excess) {
            deletePod(s, p);
        }
        int created = 0;
        for (Integer index : toCreate) {
            try {
                Pod pod = client.pods().inNamespace(job.getMetadata().getNamespace())
                        .resource(JobPods.newPod(job, index)).create();
                created++;
                events.normal(job, "SuccessfulCreate", "Created pod: "
                        + pod.getMetadata().getName());
            } catch (KubernetesClientException e) {
                expectations.created(key);
                events.warning(job, "FailedCreate", "Error creating: " + e.getMessage());
                throw e;
            }
        }
        return active.size() - excess.size() + created;
    }

    /** Unscheduled before scheduled, not ready before ready, newest first. */
    private static final Comparator<Pod> DELETE_ORDER = Comparator
            .comparing((Pod p) -> p.getSpec() != null && p.getSpec().getNodeName() != null)
            .thenComparing(PodStates::ready)
            .thenComparing((Pod p) -> Objects.toString(
                    p.getMetadata().getCreationTimestamp(), ""), Comparator.reverseOrder());

    private Backoff nextBackoff(String key, int failures, boolean success, Instant now) {
        Backoff b = backoffs.get(key);
        if (failures > 0) {
            return new Backoff((b == null ? 0 : b.failures()) + failures, now);
        }
        return success ? null : b;
    }

    /** 10 s doubling per failure since the last success, at most 6 min, from the last one. */
    static Duration backoffRemaining(Backoff b, Instant now) {
        if (b == null || b.failures() == 0) {
            return Duration.ZERO;
        }
        long seconds = BACKOFF_BASE.toSeconds() << Math.min(b.failures() - 1, 20);
        Duration delay = Duration.ofSeconds(Math.min(seconds, BACKOFF_MAX.toSeconds()));
        return Duration.between(now, b.last().plus(delay));
    }

    private void deletePod(JobSync s, Pod p) {
        try {
            client.pods().inNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName()).delete();
            events.normal(s.job, "SuccessfulDelete", "Deleted pod: " + p.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                events.warning(s.job, "FailedDelete", "Error deleting: " + e.getMessage());
                throw e;
            }
        }
    }

    private void removeFinalizer(JobSync s, Pod p) {
        List<String> f = p.getMetadata().getFinalizers();
        int i = f.indexOf(JobPods.TRACKING_FINALIZER);
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + i
                + "\",\"value\":\"" + JobPods.TRACKING_FINALIZER + "\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + i + "\"}]";
        try {
            client.pods().inNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        s.removed.add(p.getMetadata().getUid());
    }

    /** Writes the status when it changed; returns the Job as the server has it. */
    private Job writeStatus(Job job, JobStatus old, JobStatus st) {
        if (old.equals(st)) {
            return job;
        }
        // a shallow copy: the lister's object is never changed
        Job copy = new Job();
        copy.setApiVersion("batch/v1");
        copy.setKind("Job");
        copy.setMetadata(job.getMetadata());
        copy.setSpec(job.getSpec());
        copy.setStatus(st);
        return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                .resource(copy).updateStatus();
    }

    private static UncountedTerminatedPods uncounted(Set<String> failed, Set<String> succeeded) {
        return new UncountedTerminatedPods(new ArrayList<>(failed), new ArrayList<>(succeeded));
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    private static <T> List<T> nz(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** What one sync works on. */
    private static final class JobSync {
        final Job job;
        final List<Pod> owned;
        final Map<String, Pod> byUid = new HashMap<>();
        final Set<String> removed;
        final Instant now;

        JobSync(Job job, List<Pod> owned, Set<String> removed, Instant now) {
            this.job = job;
            this.owned = owned;
            this.removed = removed;
            this.now = now.truncatedTo(ChronoUnit.SECONDS);
            owned.forEach(p -> byUid.put(p.getMetadata().getUid(), p));
        }
    }
}
