package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.ContainerStatus.State;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Ends a pod, as the kubelet does on delete: every running container gets its preStop hook and is
 * stopped with the grace period (all at once), the sandbox is stopped, the final status written,
 * and once everything is stopped the pod object is deleted with grace 0. Then the runtime's
 * containers and sandboxes of the pod, its volumes and its directories are removed.
 */
final class PodTermination {
    private static final Logger LOG = Logger.getLogger(PodTermination.class.getName());

    private final PodContext ctx;
    private final PodSync sync;
    private final Hooks hooks;
    private final PodStatusWriter writer;
    private final String runtimeName;

    PodTermination(PodContext ctx, PodSync sync, Hooks hooks, PodStatusWriter writer,
            String runtimeName) {
        this.ctx = ctx;
        this.sync = sync;
        this.hooks = hooks;
        this.writer = writer;
        this.runtimeName = runtimeName;
    }

    void terminate(PodState state) throws InterruptedException {
        Pod pod = state.pod;
        ContainerRuntime runtime = ctx.runtime();
        long grace = PodSpecs.gracePeriodSeconds(pod);
        sync.refresh(state);
        List<Thread> stops = new ArrayList<>();
        for (Container c : PodSpecs.allContainers(pod)) {
            ContainerStatus cur = state.current(c.getName());
            if (cur == null || cur.state() != State.RUNNING) {
                continue;
            }
            stops.add(Thread.ofVirtual().start(() -> {
                ctx.events().normal(pod, PodEvents.fieldPath(pod, c.getName()), "Killing",
                        "Stopping container " + c.getName());
                hooks.preStop(state, c, cur.id(), grace);
                runtime.stopContainer(cur.id(), Duration.ofSeconds(grace));
            }));
        }
        for (Thread t : stops) {
            t.join();
        }
        if (state.sandboxId != null) {
            runtime.stopPodSandbox(state.sandboxId);
        }
        sync.refresh(state);
        if (!state.gone) {
            state.waiting.clear();
            if (writer.write(state, PodStatusBuilder.build(state, ctx.nodeIp(), runtimeName,
                    ctx.clock().instant()))) {
                deleteNow(pod);
            }
        }
        cleanUp(ctx, state.uid, pod);
    }

    /**
     * Deletes the pod object with grace 0 and a uid precondition, as upstream's status manager:
     * a pod of the same name made since is not touched.
     */
    private void deleteNow(Pod pod) {
        String url = ctx.client().getMasterUrl().toString().replaceAll("/$", "")
                + "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                + pod.getMetadata().getName();
        java.util.Map<String, Object> options = java.util.Map.of("kind", "DeleteOptions",
                "apiVersion", "v1", "gracePeriodSeconds", 0,
                "preconditions", java.util.Map.of("uid", pod.getMetadata().getUid()));
        try {
            ctx.client().raw(url, "DELETE", options);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Removes whatever the runtime and the disk still hold of the pod with this uid. */
    static void cleanUp(PodContext ctx, String uid, Pod pod) {
        ContainerRuntime runtime = ctx.runtime();
        for (ContainerStatus c : runtime.listContainers()) {
            if (uid.equals(c.labels().get(RuntimeLabels.POD_UID))) {
                runtime.stopContainer(c.id(), Duration.ZERO);
                runtime.removeContainer(c.id());
            }
        }
        for (PodSandboxStatus s : runtime.listPodSandboxes()) {
            if (uid.equals(s.labels().get(RuntimeLabels.POD_UID))) {
                runtime.stopPodSandbox(s.id());
                runtime.removePodSandbox(s.id());
                if (pod == null) {
                    deleteQuietly(ctx.logsDir().resolve(s.namespace() + "_" + s.name() + "_" + uid));
                }
            }
        }
        ctx.volumes().tearDown(uid);
        deleteQuietly(ctx.podDir(uid));
        if (pod != null) {
            deleteQuietly(SandboxConfigs.logDirectory(ctx.logsDir(), pod));
        }
        ctx.events().forget(uid);
        ctx.crashBackOff().forgetPrefix(uid);
        ctx.imageBackOff().forgetPrefix(uid);
        ctx.sandboxBackOff().forgetPrefix(uid);
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    java.nio.file.Files.deleteIfExists(p);
                } catch (java.io.IOException e) {
                    LOG.fine("cannot delete " + p + ": " + e.getMessage());
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        } catch (java.io.IOException e) {
            LOG.fine("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
