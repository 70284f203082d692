package io.j8s.controllers.garbagecollector;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One object in the dependency graph: who it is, whom it names as owners, who names it. A
 * virtual node is an owner named by a dependent and not yet seen by any informer: the workers
 * ask the API whether it exists. Guarded by the {@link Graph}'s lock.
 */
final class GraphNode {
    ObjectId id;
    List<OwnerRef> owners = List.of();
    /** Null while it has none: most objects own nothing. */
    Set<GraphNode> dependents;
    boolean virtual;
    boolean beingDeleted;
    boolean deletingDependents;

    GraphNode(ObjectId id, boolean virtual) {
        this.id = id;
        this.virtual = virtual;
    }

    void addDependent(GraphNode dependent) {
        if (dependents == null) {
            dependents = new HashSet<>(4);
        }
        dependents.add(dependent);
    }

    void removeDependent(GraphNode dependent) {
        if (dependents != null) {
            dependents.remove(dependent);
            if (dependents.isEmpty()) {
                dependents = null;
            }
        }
    }

    Set<GraphNode> dependents() {
        return dependents == null ? Set.of() : dependents;
    }

    OwnerRef ownerRef(String ownerUid) {
        for (OwnerRef r : owners) {
            if (r.uid().equals(ownerUid)) {
                return r;
            }
        }
        return null;
    }
}
