package io.j8s.controllers.garbagecollector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Upstream's GraphBuilder: every object the monitors see, by uid, linked to its owners and its
 * dependents. Each change is turned into work: an object that is deleted puts its dependents
 * in the attempt-to-delete queue, an owner a dependent names and nobody has seen is added as a
 * virtual node to be checked, an object deleted with the {@code orphan} finalizer goes to the
 * attempt-to-orphan queue, one with {@code foregroundDeletion} puts its dependents and itself
 * in the attempt-to-delete queue.
 */
final class Graph {
    private final Map<String, GraphNode> nodes = new HashMap<>();
    private final Consumer<String> attemptToDelete;
    private final Consumer<String> attemptToOrphan;

    Graph(Consumer<String> attemptToDelete, Consumer<String> attemptToOrphan) {
        this.attemptToDelete = attemptToDelete;
        this.attemptToOrphan = attemptToOrphan;
    }

    /** What one node looks like at a moment (the workers read copies, never the graph). */
    record View(ObjectId id, List<OwnerRef> owners, boolean virtual, boolean beingDeleted,
            boolean deletingDependents, List<ObjectId> dependents,
            List<ObjectId> blockingDependents, boolean aDependentDeletesItsDependents) {
    }

    /** An object was added or updated. */
    synchronized void observe(ObjectId id, ObjectMetadata meta) {
        GraphNode node = nodes.get(id.uid());
        if (node == null) {
            node = new GraphNode(id, false);
            node.owners = meta.owners();
            nodes.put(id.uid(), node);
            for (OwnerRef r : node.owners) {
                addToOwner(node, r);
            }
        } else {
            if (node.virtual) {
                node.virtual = false;
            }
            node.id = id;
            updateOwners(node, meta.owners());
        }
        node.beingDeleted = meta.deleting();
        if (meta.orphaning()) {
            attemptToOrphan.accept(id.uid());
        }
        if (meta.deletingDependents()) {
            if (!node.deletingDependents) {
                node.deletingDependents = true;
                for (GraphNode d : node.dependents()) {
                    attemptToDelete.accept(d.id.uid());
                }
            }
            attemptToDelete.accept(id.uid());
        } else {
            node.deletingDependents = false;
        }
    }

    /** An object is gone (seen by a monitor, or found absent by a worker). */
    synchronized void observeDeleted(String uid) {
        GraphNode node = nodes.remove(uid);
        if (node == null) {
            return;
        }
        for (OwnerRef r : node.owners) {
            GraphNode owner = nodes.get(r.uid());
            if (owner != null) {
                owner.removeDependent(node);
                if (owner.deletingDependents) {
                    attemptToDelete.accept(owner.id.uid());
                }
            }
        }
        for (GraphNode d : node.dependents()) {
            attemptToDelete.accept(d.id.uid());
        }
    }

    private void updateOwners(GraphNode node, List<OwnerRef> owners) {
        if (node.owners.equals(owners)) {
            return;
        }
        List<OwnerRef> old = node.owners;
        node.owners = owners;
        for (OwnerRef r : old) {
            OwnerRef now = node.ownerRef(r.uid());
            GraphNode owner = nodes.get(r.uid());
            if (owner == null) {
                continue;
            }
            if (now == null) {
                owner.removeDependent(node);
            }
            boolean unblocked = r.blockOwnerDeletion() && (now == null || !now.blockOwnerDeletion());
            if (unblocked && owner.deletingDependents) {
                attemptToDelete.accept(owner.id.uid());
            }
        }
        for (OwnerRef r : owners) {
            boolean added = old.stream().noneMatch(o -> o.uid().equals(r.uid()));
            if (added) {
                addToOwner(node, r);
            }
        }
    }

    private void addToOwner(GraphNode dependent, OwnerRef r) {
        GraphNode owner = nodes.get(r.uid());
        if (owner == null) {
            owner = new GraphNode(new ObjectId(r.apiVersion(), r.kind(), dependent.id.namespace(),
                    r.name(), r.uid()), true);
            nodes.put(r.uid(), owner);
            attemptToDelete.accept(r.uid());
        }
        owner.addDependent(dependent);
    }

    /** A copy of the node, or null if the graph has none of that uid. */
    synchronized View view(String uid) {
        GraphNode node = nodes.get(uid);
        if (node == null) {
            return null;
        }
        List<ObjectId> dependents = new ArrayList<>();
        List<ObjectId> blocking = new ArrayList<>();
        boolean deepForeground = false;
        for (GraphNode d : node.dependents()) {
            dependents.add(d.id);
            OwnerRef r = d.ownerRef(uid);
            if (r != null && r.blockOwnerDeletion()) {
                blocking.add(d.id);
            }
            deepForeground |= d.deletingDependents;
        }
        return new View(node.id, node.owners, node.virtual, node.beingDeleted,
                node.deletingDependents, dependents, blocking, deepForeground);
    }

    /** Whether the dependent is known to be on its way out (its deletion already asked for). */
    synchronized boolean beingDeleted(String uid) {
        GraphNode node = nodes.get(uid);
        return node != null && node.beingDeleted;
    }

    /** Queues the object for the attempt-to-delete sync. */
    void attemptToDelete(String uid) {
        attemptToDelete.accept(uid);
    }

    synchronized int size() {
        return nodes.size();
    }
}
