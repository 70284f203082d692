package io.j8s.scheduler.framework;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the plugins of one scheduling cycle share, keyed by a name each plugin owns (upstream's
 * {@code CycleState}). Written by PreFilter/PreScore on the scheduling thread, read by Filter and
 * Score in parallel. Preemption works on a {@link #copy()}; a value that is changed by
 * AddPod/RemovePod implements {@link StateData} so the copy is deep.
 */
public final class CycleState {
    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private final Map<String, String> bindingAnnotations = new LinkedHashMap<>();
    private volatile boolean skipScore;

    /** A value that must be copied, not shared, when the state is. */
    public interface StateData {
        StateData copy();
    }

    public void write(String key, Object value) {
        data.put(key, value);
    }

    /** The value under {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public <T> T read(String key) {
        return (T) data.get(key);
    }

    public void delete(String key) {
        data.remove(key);
    }

    /** Annotations the binder puts on the Binding (the decision record, for one). */
    public synchronized Map<String, String> bindingAnnotations() {
        return bindingAnnotations;
    }

    public boolean skipScore() {
        return skipScore;
    }

    public void skipScore(boolean skip) {
        this.skipScore = skip;
    }

    /** A copy for preemption's what-if runs: StateData values are copied, others shared. */
    public CycleState copy() {
        CycleState copy = new CycleState();
        data.forEach((k, v) -> copy.data.put(k, v instanceof StateData s ? s.copy() : v));
        synchronized (this) {
            copy.bindingAnnotations.putAll(bindingAnnotations);
        }
        copy.skipScore = skipScore;
        return copy;
    }
}
