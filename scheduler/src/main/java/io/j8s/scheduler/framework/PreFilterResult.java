package io.j8s.scheduler.framework;

import java.util.Set;

/**
 * A PreFilter's answer: its status and, when it can tell, the only nodes worth filtering (null
 * for all of them), as NodeAffinity does for a {@code metadata.name} field selector.
 */
public record PreFilterResult(Status status, Set<String> nodeNames) {
    public static PreFilterResult of(Status status) {
        return new PreFilterResult(status, null);
    }

    public static PreFilterResult success() {
        return new PreFilterResult(Status.success(), null);
    }

    public static PreFilterResult skip() {
        return new PreFilterResult(Status.skip(), null);
    }

    public boolean allNodes() {
        return nodeNames == null;
    }
}
