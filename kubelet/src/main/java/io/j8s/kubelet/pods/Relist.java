package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.PodSandboxStatus;
import io.j8s.kubelet.runtime.RuntimeCallException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's PLEG in miniature: every tick it lists the runtime's containers and sandboxes once,
 * wakes each worker whose pod's containers changed state or whose back-off or probe is due, and
 * kills and removes what belongs to no pod of the API (seen so on two ticks in a row, and only
 * once the pod informer has synced).
 */
final class Relist {
    private static final Logger LOG = Logger.getLogger(Relist.class.getName());

    private final PodContext ctx;
    private final Map<String, PodWorker> workers;
    private final Supplier<SharedIndexInformer<Pod>> informer;
    private final Set<String> cleaning = ConcurrentHashMap.newKeySet();
    private final Set<String> suspectOrphans = new HashSet<>();

    Relist(PodContext ctx, Map<String, PodWorker> workers,
            Supplier<SharedIndexInformer<Pod>> informer) {
        this.ctx = ctx;
        this.workers = workers;
        this.informer = informer;
    }

    void run() {
        try {
            Instant now = ctx.clock().instant();
            Map<String, TreeMap<String, String>> byPod = new HashMap<>();
            for (ContainerStatus c : ctx.runtime().listContainers()) {
                String uid = c.labels().get(RuntimeLabels.POD_UID);
                if (uid != null) {
                    byPod.computeIfAbsent(uid, k -> new TreeMap<>()).put(c.id(), c.state().name());
                }
            }
            for (PodSandboxStatus s : ctx.runtime().listPodSandboxes()) {
                // only what a kubelet made (its labels): never another tool's sandboxes
                String uid = s.labels().get(RuntimeLabels.POD_UID);
                if (uid == null) {
                    continue;
                }
                byPod.computeIfAbsent(uid, k -> new TreeMap<>()).put(s.id(), s.ready() ? "READY" : "NOTREADY");
            }
            for (PodWorker w : workers.values()) {
                TreeMap<String, String> seen = byPod.get(w.state.uid);
                String fingerprint = seen == null ? "" : seen.toString();
                Instant due = w.state.nextWake;
                if (!fingerprint.equals(w.relistFingerprint)) {
                    w.relistFingerprint = fingerprint;
                    w.signal();
                } else if (due != null && !now.isBefore(due)) {
                    w.state.nextWake = null;
                    w.signal();
                }
            }
            cleanOrphans(byPod.keySet());
        } catch (RuntimeCallException e) {
            LOG.log(Level.FINE, "relist: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "relist failed", e);
        }
    }

    /** Kills and removes what belongs to no pod of this node, once it was seen so twice. */
    private void cleanOrphans(Set<String> runtimeUids) {
        SharedIndexInformer<Pod> i = informer.get();
        if (i == null || !i.hasSynced()) {
            return;
        }
        Set<String> known = new HashSet<>(workers.keySet());
        i.getStore().list().forEach(p -> known.add(p.getMetadata().getUid()));
        Set<String> orphans = new HashSet<>(runtimeUids);
        orphans.removeAll(known);
        Set<String> confirmed = new HashSet<>(orphans);
        confirmed.retainAll(suspectOrphans);
        suspectOrphans.clear();
        suspectOrphans.addAll(orphans);
        for (String uid : confirmed) {
            if (cleaning.add(uid)) {
                Thread.ofVirtual().start(() -> {
                    try {
                        LOG.info("pod uid " + uid + " is gone from the API: killing and removing"
                                + " its containers");
                        PodTermination.cleanUp(ctx, uid, null);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "cleaning up pod uid " + uid + " failed", e);
                    } finally {
                        cleaning.remove(uid);
                    }
                });
            }
        }
    }

}
