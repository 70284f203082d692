package io.j8s.scheduler.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.scheduler.config.Profile;
import io.j8s.scheduler.framework.BindPlugin;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.Listers;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PermitPlugin;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PluginFactory;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PostBindPlugin;
import io.j8s.scheduler.framework.PostFilterPlugin;
import io.j8s.scheduler.framework.PreBindPlugin;
import io.j8s.scheduler.framework.PreEnqueuePlugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.framework.PreScorePlugin;
import io.j8s.scheduler.framework.QueueSortPlugin;
import io.j8s.scheduler.framework.ReservePlugin;
import io.j8s.scheduler.framework.ScorePlugin;
import io.j8s.scheduler.framework.Snapshot;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.framework.WaitingPod;
import io.j8s.scheduler.queue.NominatedPods;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One profile's plugins, each made once and placed at every extension point of the profile that
 * it implements, and the handle they use (upstream's {@code frameworkImpl}). The runs of the
 * extension points are in {@link ExtensionPoints}.
 */
public final class Framework implements FrameworkHandle {
    /** Where a plugin's event goes (the scheduler's EventRecorder). */
    public interface EventSink {
        void event(Pod pod, String type, String reason, String message);
    }

    /** What every profile's framework shares. */
    public record Shared(KubernetesClient client, Listers listers, Clock clock, int parallelism,
            NominatedPods nominated, EventSink events, java.util.function.Supplier<Snapshot> snapshot) {}

    private final Profile profile;
    private final Shared shared;
    private final Map<String, Plugin> plugins = new LinkedHashMap<>();
    final Map<String, WaitingPodEntry> waiting = new ConcurrentHashMap<>();
    final List<QueueSortPlugin> queueSort;
    final List<PreEnqueuePlugin> preEnqueue;
    final List<PreFilterPlugin> preFilter;
    final List<FilterPlugin> filter;
    final List<PostFilterPlugin> postFilter;
    final List<PreScorePlugin> preScore;
    final List<ScorePlugin> score;
    final List<ReservePlugin> reserve;
    final List<PermitPlugin> permit;
    final List<PreBindPlugin> preBind;
    final List<BindPlugin> bind;
    final List<PostBindPlugin> postBind;
    final ExtensionPoints run;

    /**
     * @throws IllegalArgumentException when a plugin's args are invalid or the profile lacks a
     *     QueueSort or Bind plugin
     */
    public Framework(Profile profile, Map<String, PluginFactory> registry, Shared shared) {
        this.profile = profile;
        this.shared = shared;
        for (String name : profile.pluginNames()) {
            PluginFactory f = registry.get(name);
            if (f == null) {
                throw new IllegalArgumentException("scheduler config: profile " + profile.schedulerName()
                        + ": plugin \"" + name + "\" is not registered");
            }
            plugins.put(name, f.create(profile.args().get(name), this));
        }
        queueSort = at("queueSort", QueueSortPlugin.class);
        preEnqueue = at("preEnqueue", PreEnqueuePlugin.class);
        preFilter = at("preFilter", PreFilterPlugin.class);
        filter = at("filter", FilterPlugin.class);
        postFilter = at("postFilter", PostFilterPlugin.class);
        preScore = at("preScore", PreScorePlugin.class);
        score = at("score", ScorePlugin.class);
        reserve = at("reserve", ReservePlugin.class);
        permit = at("permit", PermitPlugin.class);
        preBind = at("preBind", PreBindPlugin.class);
        bind = at("bind", BindPlugin.class);
        postBind = at("postBind", PostBindPlugin.class);
        if (queueSort.size() != 1) {
            throw new IllegalArgumentException("scheduler config: profile " + profile.schedulerName()
                    + ": plugins.queueSort: exactly one queue sort plugin is needed, found " + queueSort.size());
        }
        if (bind.isEmpty()) {
            throw new IllegalArgumentException("scheduler config: profile " + profile.schedulerName()
                    + ": plugins.bind: at least one bind plugin is needed");
        }
        run = new ExtensionPoints(this);
    }

    private <T> List<T> at(String point, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (String name : profile.enabled(point)) {
            Plugin p = plugins.get(name);
            if (type.isInstance(p)) {
                out.add(type.cast(p));
            }
        }
        return List.copyOf(out);
    }

    public Profile profile() {
        return profile;
    }

    public QueueSortPlugin queueSortPlugin() {
        return queueSort.get(0);
    }

    public List<PreEnqueuePlugin> preEnqueuePlugins() {
        return preEnqueue;
    }

    /** The events each plugin that can reject pods registered (all events when it says none). */
    public Map<String, List<ClusterEvent>> clusterEvents() {
        Map<String, List<ClusterEvent>> out = new LinkedHashMap<>();
        plugins.forEach((name, p) -> out.put(name, p instanceof EnqueueExtensions e
                ? List.copyOf(e.eventsToRegister()) : List.of(ClusterEvent.ANY)));
        return out;
    }

    int weight(ScorePlugin p) {
        return profile.weight(p.name());
    }

    @Override
    public KubernetesClient client() {
        return shared.client();
    }

    @Override
    public Snapshot snapshot() {
        return shared.snapshot().get();
    }

    @Override
    public Listers listers() {
        return shared.listers();
    }

    @Override
    public Clock clock() {
        return shared.clock();
    }

    @Override
    public String schedulerName() {
        return profile.schedulerName();
    }

    @Override
    public int parallelism() {
        return shared.parallelism();
    }

    @Override
    public List<PodInfo> nominatedPods(String nodeName) {
        return shared.nominated().on(nodeName);
    }

    boolean noNominatedPods() {
        return shared.nominated().isEmpty();
    }

    @Override
    public Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo node) {
        return run.filterWithNominatedPods(state, pod, node);
    }

    @Override
    public Status runPreFilterExtensionAddPod(CycleState state, Pod podToSchedule, PodInfo podToAdd,
            NodeInfo node) {
        return run.preFilterAddPod(state, podToSchedule, podToAdd, node);
    }

    @Override
    public Status runPreFilterExtensionRemovePod(CycleState state, Pod podToSchedule,
            PodInfo podToRemove, NodeInfo node) {
        return run.preFilterRemovePod(state, podToSchedule, podToRemove, node);
    }

    @Override
    public WaitingPod waitingPod(String uid) {
        return waiting.get(uid);
    }

    @Override
    public void event(Pod pod, String type, String reason, String message) {
        shared.events().event(pod, type, reason, message);
    }
}
