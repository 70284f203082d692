package io.j8s.kubelet.runtime;

/** A runtime call that failed; the message is the runtime's own, shown to users in pod status. */
public final class RuntimeCallException extends RuntimeException {
    /** What kind of failure, so the kubelet can choose the upstream reason. */
    public enum Kind {
        /** No such sandbox, container or image. */
        NOT_FOUND,
        /** The runtime is not reachable (containerd down). */
        UNAVAILABLE,
        /** The call reached the runtime, which refused or failed it. */
        FAILED
    }

    private final Kind kind;

    public RuntimeCallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RuntimeCallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
