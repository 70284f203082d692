package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.RuntimeCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a new instance of a container, as upstream's startContainer: the image per its pull
 * policy, the config (environment, mounts, cgroups; a missing configMap or secret is
 * CreateContainerConfigError), create (CreateContainerError), start (RunContainerError), the
 * Created and Started events, then the postStart hook. The instance before it is kept as the
 * previous one (lastState, previous logs); older ones are removed.
 */
final class ContainerStarter {
    private static final Duration CONFIG_RETRY = Duration.ofSeconds(10);

    private final PodContext ctx;
    private final ContainerRuntime runtime;
    private final ImagePuller puller;
    private final Hooks hooks;
    private final Consumer<PodState> refresh;

    ContainerStarter(PodContext ctx, Hooks hooks, Consumer<PodState> refresh) {
        this.ctx = ctx;
        this.runtime = ctx.runtime();
        this.puller = new ImagePuller(runtime, ctx.imageBackOff(), ctx.events(), ctx.clock());
        this.hooks = hooks;
        this.refresh = refresh;
    }

    /** Starts an instance whose start failed before, once its back-off allows. */
    void startCreated(PodState state, Container c, ContainerStatus created) {
        String key = state.uid + "/" + c.getName();
        if (ctx.crashBackOff().inBackOffSinceUpdate(key)) {
            state.wakeAt(ctx.clock().instant().plus(ctx.crashBackOff().get(key)));
            return;
        }
        try {
            runtime.startContainer(created.id());
            ctx.events().normal(state.pod, PodEvents.fieldPath(state.pod, c.getName()), "Started",
                    "Started container " + c.getName());
            state.waiting.remove(c.getName());
        } catch (RuntimeCallException e) {
            if (e.kind() == RuntimeCallException.Kind.UNAVAILABLE) {
                throw e;
            }
            startFailed(state, c, e.getMessage());
        }
        refresh.accept(state);
    }

    /** RunContainerError, tried again after the crash back-off, as upstream counts it. */
    private void startFailed(PodState state, Container c, String message) {
        String key = state.uid + "/" + c.getName();
        Instant now = ctx.clock().instant();
        ctx.crashBackOff().next(key, now);
        state.wakeAt(now.plus(ctx.crashBackOff().get(key)));
        failed(state, c, "RunContainerError", message);
    }

    /** Pulls, configures, creates and starts a new instance of {@code c}, then its postStart hook. */
    void start(PodState state, Container c, int restartCount, Instant now) {
        Pod pod = state.pod;
        String fieldPath = PodEvents.fieldPath(pod, c.getName());
        PodState.Waiting pull = puller.ensure(pod, c, state);
        if (pull != null) {
            state.waiting.put(c.getName(), pull);
            return;
        }
        ContainerConfig config;
        try {
            ContainerEnv.PodFacts facts = new ContainerEnv.PodFacts(state.podIp,
                    state.podIp.isEmpty() ? List.of() : List.of(state.podIp), ctx.nodeIp(),
                    ctx.nodeAllocatable());
            Map<String, String> env = ContainerEnv.resolve(pod, c, ctx.envSources(), facts,
                    ctx.serviceEnv().get(pod.getMetadata().getNamespace(),
                            !Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())));
            config = ContainerConfigs.build(pod, c, restartCount, env,
                    state.volumes == null ? Map.of() : state.volumes, state.etcHosts);
            Files.createDirectories(state.sandboxConfig.logDirectory().resolve(c.getName()));
        } catch (ConfigError e) {
            failed(state, c, "CreateContainerConfigError", e.getMessage());
            state.wakeAt(now.plus(CONFIG_RETRY));
            return;
        } catch (IOException e) {
            failed(state, c, "CreateContainerConfigError", e.getMessage());
            state.wakeAt(now.plus(CONFIG_RETRY));
            return;
        } catch (RuntimeException e) {
            failed(state, c, "CreateContainerConfigError", String.valueOf(e.getMessage()));
            state.wakeAt(now.plus(CONFIG_RETRY));
            return;
        }
        String id;
        try {
            id = runtime.createContainer(state.sandboxId, config, state.sandboxConfig);
        } catch (RuntimeCallException e) {
            if (e.kind() == RuntimeCallException.Kind.UNAVAILABLE) {
                throw e;
            }
            failed(state, c, "CreateContainerError", e.getMessage());
            state.wakeAt(now.plus(CONFIG_RETRY));
            return;
        }
        ctx.events().normal(pod, fieldPath, "Created", "Created container: " + c.getName());
        PodState.Instances inst = state.instances(c.getName());
        ContainerStatus older = inst.previous;
        if (inst.current != null) {
            inst.previous = inst.current;
            if (older != null) {
                removeQuietly(older.id());
            }
        }
        try {
            runtime.startContainer(id);
        } catch (RuntimeCallException e) {
            if (e.kind() == RuntimeCallException.Kind.UNAVAILABLE) {
                throw e;
            }
            inst.current = runtime.containerStatus(id);
            startFailed(state, c, e.getMessage());
            return;
        }
        state.waiting.remove(c.getName());
        inst.current = runtime.containerStatus(id);
        ctx.events().normal(pod, fieldPath, "Started", "Started container " + c.getName());
        if (!hooks.postStart(state, c, id)) {
            runtime.stopContainer(id, Duration.ofSeconds(PodSpecs.gracePeriodSeconds(pod)));
            refresh.accept(state);
        }
    }

    private void failed(PodState state, Container c, String reason, String message) {
        state.waiting.put(c.getName(), new PodState.Waiting(reason, message));
        ctx.events().warning(state.pod, PodEvents.fieldPath(state.pod, c.getName()), "Failed",
                "Error: " + message);
    }

    private void removeQuietly(String containerId) {
        try {
            runtime.removeContainer(containerId);
        } catch (RuntimeCallException e) {
            // garbage collection is best effort
        }
    }
}
