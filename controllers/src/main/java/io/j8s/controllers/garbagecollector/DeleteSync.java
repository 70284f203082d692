package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The two sync functions of the collector, over the graph (who depends on whom) and the live
 * objects (what is true now). Upstream's attemptToDeleteItem and attemptToOrphan.
 */
final class DeleteSync {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.garbagecollector");
    private final ApiObjects api;
    private final Graph graph;

    DeleteSync(ApiObjects api, Graph graph) {
        this.api = api;
        this.graph = graph;
    }

    /** Deletes the object if no owner of it is left, or finishes its foreground deletion. */
    void delete(String uid) throws Exception {
        Graph.View node = graph.view(uid);
        if (node == null) {
            return;
        }
        if (node.virtual()) {
            // An owner a dependent names and no monitor has seen: if it does not exist, its
            // dependents are collected.
            if (api.get(node.id()) == null) {
                LOG.fine(() -> "owner " + node.id() + " does not exist");
                graph.observeDeleted(uid);
            }
            return;
        }
        if (node.beingDeleted() && !node.deletingDependents()) {
            return;
        }
        GenericKubernetesResource latest = api.get(node.id());
        if (latest == null) {
            graph.observeDeleted(uid);
            return;
        }
        ObjectMetadata meta = ObjectMetadata.of(latest);
        if (meta.deletingDependents()) {
            finishForeground(node, meta);
            return;
        }
        if (meta.owners().isEmpty()) {
            return;
        }
        List<OwnerRef> solid = new ArrayList<>();
        List<OwnerRef> dangling = new ArrayList<>();
        List<OwnerRef> waiting = new ArrayList<>();
        for (OwnerRef r : meta.owners()) {
            ObjectId ownerId = new ObjectId(r.apiVersion(), r.kind(), node.id().namespace(),
                    r.name(), r.uid());
            GenericKubernetesResource owner = api.get(ownerId);
            if (owner == null) {
                dangling.add(r);
            } else if (ObjectMetadata.of(owner).deletingDependents()) {
                waiting.add(r);
            } else {
                solid.add(r);
            }
        }
        if (!solid.isEmpty()) {
            if (!dangling.isEmpty() || !waiting.isEmpty()) {
                // It stays for its solid owners; the references to the others go.
                List<OwnerRef> kept = new ArrayList<>(meta.owners());
                kept.removeAll(dangling);
                kept.removeAll(waiting);
                api.patchOwners(node.id(), meta.resourceVersion(), kept);
            }
            return;
        }
        if (!waiting.isEmpty() && !node.dependents().isEmpty()) {
            if (node.aDependentDeletesItsDependents()) {
                // A cycle of foreground deletions would wait forever: this object no longer
                // blocks the owners that wait for it (upstream breaks cycles the same way).
                List<OwnerRef> unblocked = new ArrayList<>();
                for (OwnerRef r : meta.owners()) {
                    unblocked.add(waiting.contains(r) ? new OwnerRef(r.apiVersion(), r.kind(),
                            r.name(), r.uid(), r.controller(), false) : r);
                }
                api.patchOwners(node.id(), meta.resourceVersion(), unblocked);
            }
            LOG.fine(() -> "deleting " + node.id() + " with Foreground: its owners wait");
            api.delete(node.id(), "Foreground");
            return;
        }
        String policy = meta.finalizers().contains(ObjectMetadata.ORPHAN) ? "Orphan"
                : meta.finalizers().contains(ObjectMetadata.FOREGROUND) ? "Foreground"
                : "Background";
        LOG.fine(() -> "deleting " + node.id() + " with " + policy + ": no owner left");
        api.delete(node.id(), policy);
    }

    /**
     * An owner deleted in the foreground: its dependents that block it are deleted; once none
     * is left the {@code foregroundDeletion} finalizer is removed.
     */
    private void finishForeground(Graph.View node, ObjectMetadata meta) {
        if (node.blockingDependents().isEmpty()) {
            List<String> finalizers = new ArrayList<>(meta.finalizers());
            finalizers.remove(ObjectMetadata.FOREGROUND);
            api.patchFinalizers(node.id(), meta.resourceVersion(), finalizers);
            return;
        }
        for (ObjectId d : node.blockingDependents()) {
            if (!graph.beingDeleted(d.uid())) {
                graph.attemptToDelete(d.uid());
            }
        }
    }

    /**
     * An owner deleted with the {@code orphan} finalizer: its dependents lose their references
     * to it, then the finalizer goes.
     */
    void orphan(String uid) throws Exception {
        Graph.View node = graph.view(uid);
        if (node == null) {
            return;
        }
        for (ObjectId d : node.dependents()) {
            GenericKubernetesResource dependent = api.get(d);
            if (dependent == null) {
                continue;
            }
            ObjectMetadata meta = ObjectMetadata.of(dependent);
            List<OwnerRef> kept = meta.owners().stream().filter(r -> !r.uid().equals(uid))
                    .toList();
            if (kept.size() != meta.owners().size()) {
                api.patchOwners(d, meta.resourceVersion(), kept);
            }
        }
        GenericKubernetesResource latest = api.get(node.id());
        if (latest == null) {
            return;
        }
        ObjectMetadata meta = ObjectMetadata.of(latest);
        if (meta.finalizers().contains(ObjectMetadata.ORPHAN)) {
            List<String> finalizers = new ArrayList<>(meta.finalizers());
            finalizers.remove(ObjectMetadata.ORPHAN);
            api.patchFinalizers(node.id(), meta.resourceVersion(), finalizers);
        }
    }
}
