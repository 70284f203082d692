package io.j8s.store.etcd;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.j8s.store.StoreException;
import io.j8s.store.StoreUnavailableException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for one jetcd request, bounded by the request timeout, and turns whatever went wrong into a
 * {@link StoreException} that names the endpoints and says what to do.
 */
final class EtcdCall {
    static final String CHECK = "check that etcd runs there and the address is right";

    private final String endpoints;
    private final Duration timeout;

    EtcdCall(String endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    String endpoints() {
        return endpoints;
    }

    /**
     * The result of {@code request}.
     *
     * @throws OutOfRange when etcd refused a revision as compacted or in the future; the caller knows
     *     which revision it asked for and turns it into the public exception
     */
    <T> T await(CompletableFuture<T> request, String what) {
        try {
            return request.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            request.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for etcd to " + what, e);
        } catch (TimeoutException e) {
            request.cancel(true);
            throw new StoreUnavailableException("etcd at " + endpoints + " did not " + what
                    + " within " + seconds(timeout) + ": " + CHECK);
        } catch (CancellationException e) {
            throw new StoreException("the request to " + what + " was cancelled", e);
        } catch (ExecutionException e) {
            throw translate(e.getCause() == null ? e : e.getCause(), what);
        }
    }

    /** The store exception for a failed request to {@code what}. */
    StoreException translate(Throwable failure, String what) {
        String message = message(failure);
        if (message.contains("required revision has been compacted")) {
            return new OutOfRange(true, message);
        }
        if (message.contains("required revision is a future revision")) {
            return new OutOfRange(false, message);
        }
        if (isClosed(failure)) {
            return new StoreException("the etcd store for " + endpoints + " is closed");
        }
        if (message.contains("database space exceeded")) {
            return new StoreException("etcd at " + endpoints + " is out of space and refused to "
                    + what + ": compact and defragment it, or raise its --quota-backend-bytes",
                    failure);
        }
        if (isUnavailable(failure)) {
            return new StoreUnavailableException("etcd at " + endpoints + " is unavailable and could"
                    + " not " + what + " (" + message + "): " + CHECK, failure);
        }
        return new StoreException("etcd at " + endpoints + " could not " + what + ": " + message,
                failure);
    }

    /** The messages of a chain of causes, on one line. */
    static String message(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && all.indexOf(m) < 0) {
                if (!all.isEmpty()) {
                    all.append(": ");
                }
                all.append(m);
            }
        }
        return all.isEmpty()
                ? failure.getClass().getSimpleName()
                : all.toString().strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static boolean isClosed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedClientException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
            if (t instanceof EtcdException e) {
                switch (e.getErrorCode()) {
                    case UNAVAILABLE, DEADLINE_EXCEEDED -> {
                        return true;
                    }
                    default -> { }
                }
            }
        }
        Status.Code code = Status.fromThrowable(failure).getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }

    /** etcd refused a revision; the caller turns this into its compacted or future exception. */
    static final class OutOfRange extends StoreException {
        private final boolean compacted;

        OutOfRange(boolean compacted, String message) {
            super(message);
            this.compacted = compacted;
        }

        boolean compacted() {
            return compacted;
        }
    }
}
