package io.j8s.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.PreEnqueuePlugin;
import io.j8s.scheduler.framework.QueueSortPlugin;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.framework.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Pending pods, as upstream's {@code PriorityQueue}: {@link #pop} takes from the active queue
 * (ordered by the QueueSort plugin); a pod that did not fit goes to the unschedulable set, from
 * which only a cluster event that one of the plugins that rejected it registered for (or five
 * minutes) moves it back, through the back-off queue while its back-off (1 s doubling to 10 s
 * by attempts) runs. Nothing here polls: {@link #flushBackoffCompleted} and
 * {@link #flushUnschedulableLeftover} are called by a timer once a second and every 30 s.
 */
public final class SchedulingQueue {
    /** How long a pod stays unschedulable without an event moving it (upstream's default). */
    public static final Duration UNSCHEDULABLE_MAX_DURATION = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Function<String, List<PreEnqueuePlugin>> preEnqueue;
    private final Function<String, List<ClusterEvent>> pluginEvents;
    private final PriorityQueue<QueuedPodInfo> active;
    private final PriorityQueue<QueuedPodInfo> backoff;
    private final Map<String, QueuedPodInfo> activeByUid = new HashMap<>();
    private final Map<String, QueuedPodInfo> backoffByUid = new HashMap<>();
    private final Map<String, QueuedPodInfo> unschedulable = new HashMap<>();
    private final Map<String, QueuedPodInfo> gated = new HashMap<>();
    /** Pods popped and not yet done with; an event during their cycle sends them to back-off. */
    private final Map<String, Pod> inFlight = new HashMap<>();
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;

    /**
     * @param sort the QueueSort plugin of the profiles
     * @param preEnqueue schedulerName to that profile's PreEnqueue plugins
     * @param pluginEvents plugin name to the cluster events it registered (EnqueueExtensions)
     */
    public SchedulingQueue(Clock clock, QueueSortPlugin sort, Duration initialBackoff,
            Duration maxBackoff, Function<String, List<PreEnqueuePlugin>> preEnqueue,
            Function<String, List<ClusterEvent>> pluginEvents) {
        this.clock = clock;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.preEnqueue = preEnqueue;
        this.pluginEvents = pluginEvents;
        Comparator<QueuedPodInfo> order = (a, b) -> sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : 0;
        this.active = new PriorityQueue<>(order);
        this.backoff = new PriorityQueue<>(Comparator.comparing(this::backoffExpiry));
    }

    /** A new pending pod. */
    public synchronized void add(Pod pod) {
        String uid = uid(pod);
        if (activeByUid.containsKey(uid) || backoffByUid.containsKey(uid)
                || unschedulable.containsKey(uid) || gated.containsKey(uid) || inFlight.containsKey(uid)) {
            update(pod);
            return;
        }
        toActiveOrGated(QueuedPodInfo.of(pod, clock.instant()));
    }

    /** The pod changed: the new version replaces the old; a changed spec or labels moves it on. */
    public synchronized void update(Pod pod) {
        String uid = uid(pod);
        QueuedPodInfo q;
        if ((q = activeByUid.get(uid)) != null) {
            active.remove(q);
            QueuedPodInfo n = with(q, pod);
            active.add(n);
            activeByUid.put(uid, n);
        } else if ((q = backoffByUid.get(uid)) != null) {
            backoff.remove(q);
            QueuedPodInfo n = with(q, pod);
            backoff.add(n);
            backoffByUid.put(uid, n);
        } else if ((q = unschedulable.get(uid)) != null) {
            QueuedPodInfo n = with(q, pod);
            if (changedForScheduling(q.pod(), pod)) {
                unschedulable.remove(uid);
                moveFromUnschedulable(n);
            } else {
                unschedulable.put(uid, n);
            }
        } else if ((q = gated.remove(uid)) != null) {
            toActiveOrGated(with(q, pod));
        } else if (inFlight.containsKey(uid)) {
            inFlight.put(uid, pod);
        } else {
            toActiveOrGated(QueuedPodInfo.of(pod, clock.instant()));
        }
    }

    /** The pod is gone or bound: it leaves every queue. */
    public synchronized void delete(Pod pod) {
        String uid = uid(pod);
        QueuedPodInfo q;
        if ((q = activeByUid.remove(uid)) != null) {
            active.remove(q);
        }
        if ((q = backoffByUid.remove(uid)) != null) {
            backoff.remove(q);
        }
        unschedulable.remove(uid);
        gated.remove(uid);
        inFlight.remove(uid);
    }

    /**
     * The next pod to schedule, waiting for one; null when the queue is closed. The caller ends
     * the pod's cycle with {@link #done}, {@link #addUnschedulable} or {@link #addBackoff}.
     */
    public synchronized QueuedPodInfo pop() throws InterruptedException {
        while (active.isEmpty() && !closed) {
            wait();
        }
        return closed ? null : take();
    }

    /** As {@link #pop} without waiting: null when the active queue is empty. */
    public synchronized QueuedPodInfo poll() {
        return active.isEmpty() || closed ? null : take();
    }

    /** As {@link #pop}, waiting at most {@code timeout}. */
    public synchronized QueuedPodInfo pop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active.isEmpty() && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return closed ? null : take();
    }

    private QueuedPodInfo take() {
        QueuedPodInfo q = active.poll();
        activeByUid.remove(uid(q.pod()));
        schedulingCycle++;
        Pod latest = q.pod();
        inFlight.put(uid(latest), latest);
        return new QueuedPodInfo(latest, q.timestamp(), q.attempts() + 1,
                q.initialAttempt() == null ? clock.instant() : q.initialAttempt(), Set.of());
    }

    /** The cycle count of the pod last popped, for {@link #addUnschedulable}. */
    public synchronized long schedulingCycle() {
        return schedulingCycle;
    }

    /** The pod's cycle is over (it was assumed, or deleted). */
    public synchronized void done(Pod pod) {
        inFlight.remove(uid(pod));
    }

    /**
     * The pod did not fit in the cycle {@code cycle}; {@code q.unschedulablePlugins()} name the
     * plugins that rejected it. When an event came in during that cycle it goes to back-off,
     * else to the unschedulable set.
     */
    public synchronized void addUnschedulable(QueuedPodInfo q, long cycle) {
        String uid = uid(q.pod());
        if (!inFlight.containsKey(uid)) {
            return; // deleted or bound while it was being scheduled
        }
        Pod latest = inFlight.remove(uid);
        QueuedPodInfo n = new QueuedPodInfo(latest, clock.instant(), q.attempts(), q.initialAttempt(),
                q.unschedulablePlugins());
        if (moveRequestCycle >= cycle) {
            toBackoff(n);
        } else {
            unschedulable.put(uid, n);
        }
    }

    /**
     * The pod failed for a reason not its own (an error, a failed binding): back-off, then
     * retry; unless it was deleted or seen bound meanwhile.
     */
    public synchronized void addBackoff(QueuedPodInfo q) {
        String uid = uid(q.pod());
        Pod latest = inFlight.remove(uid);
        if (latest == null) {
            return; // deleted, or seen bound, while it was being scheduled
        }
        toBackoff(new QueuedPodInfo(latest, clock.instant(), q.attempts(), q.initialAttempt(), Set.of()));
    }

    /**
     * A cluster event: unschedulable pods whose rejecting plugins registered for it (or that
     * no plugin in particular rejected) move to back-off or active.
     */
    public synchronized void onEvent(ClusterEvent event) {
        moveRequestCycle = schedulingCycle;
        List<QueuedPodInfo> moving = new ArrayList<>();
        for (QueuedPodInfo q : unschedulable.values()) {
            if (interested(q, event)) {
                moving.add(q);
            }
        }
        for (QueuedPodInfo q : moving) {
            unschedulable.remove(uid(q.pod()));
            moveFromUnschedulable(q);
        }
    }

    private boolean interested(QueuedPodInfo q, ClusterEvent event) {
        if (q.unschedulablePlugins().isEmpty() || event.equals(ClusterEvent.ANY)) {
            return true;
        }
        for (String plugin : q.unschedulablePlugins()) {
            for (ClusterEvent registered : pluginEvents.apply(plugin)) {
                if (registered.matches(event)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Pods whose back-off ran out move to the active queue. */
    public synchronized void flushBackoffCompleted() {
        Instant now = clock.instant();
        boolean moved = false;
        while (!backoff.isEmpty() && !backoffExpiry(backoff.peek()).isAfter(now)) {
            QueuedPodInfo q = backoff.poll();
            backoffByUid.remove(uid(q.pod()));
            toActive(q);
            moved = true;
        }
        if (moved) {
            notifyAll();
        }
    }

    /** Pods unschedulable for longer than five minutes are tried again. */
    public synchronized void flushUnschedulableLeftover() {
        Instant now = clock.instant();
        List<QueuedPodInfo> old = unschedulable.values().stream()
                .filter(q -> !q.timestamp().plus(UNSCHEDULABLE_MAX_DURATION).isAfter(now)).toList();
        for (QueuedPodInfo q : old) {
            unschedulable.remove(uid(q.pod()));
            moveFromUnschedulable(q);
        }
    }

    /** Wakes {@link #pop} for good. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** How many pods are in each part: active, backoff, unschedulable, gated. */
    public synchronized Map<String, Integer> sizes() {
        return Map.of("active", active.size(), "backoff", backoff.size(),
                "unschedulable", unschedulable.size(), "gated", gated.size());
    }

    /** Where the pod is: "active", "backoff", "unschedulable", "gated", "inFlight" or null. */
    public synchronized String where(Pod pod) {
        String uid = uid(pod);
        return activeByUid.containsKey(uid) ? "active" : backoffByUid.containsKey(uid) ? "backoff"
                : unschedulable.containsKey(uid) ? "unschedulable" : gated.containsKey(uid) ? "gated"
                : inFlight.containsKey(uid) ? "inFlight" : null;
    }

    /** When the pod's back-off ends: its last try plus 1 s doubled per further attempt, at most 10 s. */
    public Instant backoffExpiry(QueuedPodInfo q) {
        return q.timestamp().plus(backoffDuration(q.attempts()));
    }

    Duration backoffDuration(int attempts) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempts; i++) {
            d = d.multipliedBy(2);
            if (d.compareTo(maxBackoff) >= 0) {
                return maxBackoff;
            }
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private void moveFromUnschedulable(QueuedPodInfo q) {
        if (backoffExpiry(q).isAfter(clock.instant())) {
            toBackoff(q);
        } else {
            toActive(q);
            notifyAll();
        }
    }

    private void toActiveOrGated(QueuedPodInfo q) {
        String profile = q.pod().getSpec() == null ? null : q.pod().getSpec().getSchedulerName();
        for (PreEnqueuePlugin p : preEnqueue.apply(profile)) {
            Status s = p.preEnqueue(q.pod());
            if (!s.isSuccess()) {
                gated.put(uid(q.pod()), q);
                return;
            }
        }
        toActive(q);
        notifyAll();
    }

    private void toActive(QueuedPodInfo q) {
        active.add(q);
        activeByUid.put(uid(q.pod()), q);
    }

    private void toBackoff(QueuedPodInfo q) {
        backoff.add(q);
        backoffByUid.put(uid(q.pod()), q);
    }

    private static QueuedPodInfo with(QueuedPodInfo q, Pod pod) {
        return new QueuedPodInfo(pod, q.timestamp(), q.attempts(), q.initialAttempt(),
                q.unschedulablePlugins());
    }

    /** Upstream's isPodUpdated: anything but status, resourceVersion and managed fields changed. */
    private static boolean changedForScheduling(Pod a, Pod b) {
        return !Objects.equals(a.getSpec(), b.getSpec())
                || !Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())
                || !Objects.equals(withoutOwn(a.getMetadata().getAnnotations()),
                        withoutOwn(b.getMetadata().getAnnotations()));
    }

    private static Map<String, String> withoutOwn(Map<String, String> annotations) {
        if (annotations == null) {
            return Map.of();
        }
        Map<String, String> m = new HashMap<>(annotations);
        m.keySet().removeIf(k -> k.startsWith("scheduling.j8s.io/"));
        return m;
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }
}
