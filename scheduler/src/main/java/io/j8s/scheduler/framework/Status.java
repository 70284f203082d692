package io.j8s.scheduler.framework;

import java.util.List;

/**
 * What an extension point answers, as upstream's {@code framework.Status}: a code, the reasons
 * a user reads (each one counted in the "0/3 nodes are available: ..." message), and the plugin
 * that answered (set by the runtime).
 */
public record Status(Code code, List<String> reasons, String plugin) {
    /** The codes of upstream's framework. */
    public enum Code {
        SUCCESS,
        /** Internal failure: the pod is retried with back-off; not the pod's fault. */
        ERROR,
        /** Does not fit now; preemption may help. */
        UNSCHEDULABLE,
        /** Does not fit and preempting pods would not help (node name, affinity, taints). */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        /** Permit: the pod waits. */
        WAIT,
        /** The plugin has nothing to do for this pod (PreFilter/PreScore/Bind). */
        SKIP,
        /** PreEnqueue or a waiting pod: not schedulable yet, for reasons outside the node. */
        PENDING
    }

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null);
    private static final Status SKIP = new Status(Code.SKIP, List.of(), null);

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status success() {
        return SUCCESS;
    }

    public static Status skip() {
        return SKIP;
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), null);
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), null);
    }

    public static Status error(String reason) {
        return new Status(Code.ERROR, List.of(reason), null);
    }

    public static Status waiting(String reason) {
        return new Status(Code.WAIT, List.of(reason), null);
    }

    public static Status pending(String reason) {
        return new Status(Code.PENDING, List.of(reason), null);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Unschedulable, unresolvable or pending: the pod does not fit, nothing failed. */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE
                || code == Code.PENDING;
    }

    /** The first reason, or "" when there is none. */
    public String message() {
        return reasons.isEmpty() ? "" : String.join(", ", reasons);
    }

    /** The same status, attributed to {@code pluginName}. */
    public Status withPlugin(String pluginName) {
        return new Status(code, reasons, pluginName);
    }
}
