package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.j8s.scheduler.framework.BindPlugin;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.ClusterEvent.Action;
import io.j8s.scheduler.framework.ClusterEvent.Resource;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PluginFactory;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.Resources;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small stand-ins for the in-tree plugins (which live on their own branches), with upstream's
 * messages, so the runtime's tests do not depend on them: CPU fit and free-CPU score, NoSchedule
 * taints, a PostFilter that says preemption would not help, a binder that fails once.
 */
final class TestPlugins {
    static final java.util.concurrent.atomic.AtomicReference<io.j8s.scheduler.framework.FrameworkHandle> HANDLE =
            new java.util.concurrent.atomic.AtomicReference<>();
    static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    static final java.util.concurrent.CountDownLatch RELEASE_SLOW = new java.util.concurrent.CountDownLatch(1);

    private TestPlugins() {}

    static Map<String, PluginFactory> all() {
        return Map.of("TestFit", (args, h) -> new Fit(), "TestTaints", (args, h) -> new Taints(),
                "TestPreemption", (args, h) -> new NoPreemption(h),
                "FailOnceBinder", (args, h) -> new FailOnce(), "SlowBinder", (args, h) -> new Slow(),
                "TestPermit", (args, h) -> {
                    HANDLE.set(h);
                    return new Gate();
                });
    }

    static final class Fit implements FilterPlugin, ScorePlugin, EnqueueExtensions {
        @Override
        public String name() {
            return "TestFit";
        }

        @Override
        public Status filter(CycleState state, Pod pod, NodeInfo node) {
            long asked = Resources.podRequests(pod, false).milliCpu;
            return node.allocatable().milliCpu - node.requested().milliCpu >= asked ? Status.success()
                    : Status.unschedulable("Insufficient cpu");
        }

        @Override
        public Score score(CycleState state, Pod pod, NodeInfo node) {
            long free = node.allocatable().milliCpu - node.requested().milliCpu
                    - Resources.podRequests(pod, false).milliCpu;
            return Score.of(node.allocatable().milliCpu == 0 ? 0 : free * MAX_NODE_SCORE / node.allocatable().milliCpu);
        }

        @Override
        public List<ClusterEvent> eventsToRegister() {
            return List.of(new ClusterEvent(Resource.NODE, Action.ADD),
                    new ClusterEvent(Resource.NODE, Action.UPDATE_NODE_ALLOCATABLE),
                    new ClusterEvent(Resource.ASSIGNED_POD, Action.DELETE));
        }
    }

    static final class Taints implements FilterPlugin, EnqueueExtensions {
        @Override
        public String name() {
            return "TestTaints";
        }

        @Override
        public Status filter(CycleState state, Pod pod, NodeInfo node) {
            List<Taint> taints = node.node().getSpec() == null ? null : node.node().getSpec().getTaints();
            if (taints != null) {
                for (Taint t : taints) {
                    if ("NoSchedule".equals(t.getEffect())) {
                        return Status.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                                + t.getValue() + "}");
                    }
                }
            }
            return Status.success();
        }

        @Override
        public List<ClusterEvent> eventsToRegister() {
            return List.of(new ClusterEvent(Resource.NODE, Action.ADD),
                    new ClusterEvent(Resource.NODE, Action.UPDATE_NODE_TAINT));
        }
    }

    static final class NoPreemption implements PostFilterPlugin {
        private final io.j8s.scheduler.framework.FrameworkHandle handle;

        NoPreemption(io.j8s.scheduler.framework.FrameworkHandle handle) {
            this.handle = handle;
        }

        @Override
        public String name() {
            return "TestPreemption";
        }

        @Override
        public PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> filtered) {
            var labels = pod.getMetadata().getLabels();
            if (labels != null && labels.containsKey("nominate")) {
                return new PostFilterResult(Status.success(), labels.get("nominate"));
            }
            int n = handle.snapshot().nodes().size();
            return PostFilterResult.of(Status.unschedulable("preemption: 0/" + n
                    + " nodes are available: " + n + " Preemption is not helpful for scheduling"));
        }
    }

    /** Fails the first binding of a pod labelled {@code fail-once}, then leaves binding to the next binder. */
    static final class FailOnce implements BindPlugin {
        @Override
        public String name() {
            return "FailOnceBinder";
        }

        @Override
        public Status bind(CycleState state, Pod pod, String nodeName) {
            var labels = pod.getMetadata().getLabels();
            if (labels != null && labels.containsKey("fail-once") && FAILED_ONCE.add(pod.getMetadata().getUid())) {
                return Status.error("the API server said no (test)");
            }
            return Status.skip();
        }
    }

    /** Holds the binding of a pod labelled {@code slow} until the test releases it. */
    static final class Slow implements BindPlugin {
        @Override
        public String name() {
            return "SlowBinder";
        }

        @Override
        public Status bind(CycleState state, Pod pod, String nodeName) {
            var labels = pod.getMetadata().getLabels();
            if (labels != null && labels.containsKey("slow")) {
                try {
                    RELEASE_SLOW.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Status.error("interrupted");
                }
            }
            return Status.skip();
        }
    }

    /** Makes a pod labelled {@code gate} wait in Permit (its value: the timeout in seconds). */
    static final class Gate implements io.j8s.scheduler.framework.PermitPlugin {
        @Override
        public String name() {
            return "TestPermit";
        }

        @Override
        public PermitResult permit(CycleState state, Pod pod, String nodeName) {
            var labels = pod.getMetadata().getLabels();
            if (labels != null && labels.containsKey("gate")) {
                return new PermitResult(Status.waiting("gated"),
                        java.time.Duration.ofSeconds(Long.parseLong(labels.get("gate"))));
            }
            return PermitResult.allow();
        }
    }
}
