package io.j8s.kubelet.runtime.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.j8s.kubelet.runtime.RuntimeCallException;
import java.util.function.Supplier;

/**
 * gRPC failures as the contract's: UNAVAILABLE (containerd down) and NOT_FOUND keep their kind,
 * anything else is FAILED; the message is containerd's own, shown to users in pod status.
 */
final class CriErrors {
    private CriErrors() {}

    static <T> T call(String what, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw failure(what, e);
        }
    }

    static RuntimeCallException failure(String what, StatusRuntimeException e) {
        Status status = e.getStatus();
        String message = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
        RuntimeCallException.Kind kind = switch (status.getCode()) {
            case UNAVAILABLE -> RuntimeCallException.Kind.UNAVAILABLE;
            case NOT_FOUND -> RuntimeCallException.Kind.NOT_FOUND;
            default -> RuntimeCallException.Kind.FAILED;
        };
        if (kind == RuntimeCallException.Kind.UNAVAILABLE) {
            message = what + ": container runtime is unavailable: " + message;
        }
        return new RuntimeCallException(kind, message, e);
    }

    /** Runs an idempotent call: NOT_FOUND means already done. */
    static void idempotent(String what, Runnable rpc) {
        try {
            rpc.run();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw failure(what, e);
            }
        }
    }
}
