package io.j8s.scheduler.framework;

/** A change in the cluster that may make unschedulable pods fit. */
public record ClusterEvent(Resource resource, Action action) {
    /** What changed. */
    public enum Resource {
        POD, ASSIGNED_POD, NODE, PERSISTENT_VOLUME_CLAIM, PERSISTENT_VOLUME, STORAGE_CLASS,
        NAMESPACE, WILDCARD
    }

    /** How it changed; the UPDATE_NODE_* actions say which part of a Node did. */
    public enum Action {
        ADD, DELETE, UPDATE, UPDATE_NODE_ALLOCATABLE, UPDATE_NODE_LABEL, UPDATE_NODE_TAINT,
        UPDATE_NODE_CONDITION, UPDATE_POD_LABEL, UPDATE_POD_SCALE_DOWN, ALL
    }

    public static final ClusterEvent ANY = new ClusterEvent(Resource.WILDCARD, Action.ALL);

    /** True when an event of {@code happened} is one this registration asks for. */
    public boolean matches(ClusterEvent happened) {
        boolean sameResource = resource == Resource.WILDCARD || resource == happened.resource
                || (resource == Resource.POD && happened.resource == Resource.ASSIGNED_POD);
        boolean sameAction = action == Action.ALL || action == happened.action
                || (action == Action.UPDATE && happened.action.name().startsWith("UPDATE"));
        return sameResource && sameAction;
    }
}
