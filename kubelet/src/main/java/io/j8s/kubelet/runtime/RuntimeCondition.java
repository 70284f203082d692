package io.j8s.kubelet.runtime;

/** CRI's RuntimeReady and NetworkReady conditions; the message says why one is false. */
public record RuntimeCondition(boolean runtimeReady, boolean networkReady, String message) {
    public static RuntimeCondition allReady() {
        return new RuntimeCondition(true, true, "");
    }

    public boolean ready() {
        return runtimeReady && networkReady;
    }
}
