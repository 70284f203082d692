package io.j8s.store.sqlite;

import io.j8s.store.KeyValue;
import io.j8s.store.StoreException;
import io.j8s.store.StoreWriter.Deleted;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A write waiting for the writer thread; the caller waits on {@link #result()}. */
sealed interface WriteOp {

    CompletableFuture<?> result();

    record Create(String key, byte[] value, CompletableFuture<KeyValue> result) implements WriteOp {}

    record Update(String key, byte[] value, long expected, CompletableFuture<KeyValue> result)
            implements WriteOp {}

    record Delete(String key, long expected, CompletableFuture<Deleted> result) implements WriteOp {}

    record Compact(long revision, CompletableFuture<Long> result) implements WriteOp {}

    /** Waits for a write's outcome, rethrowing the store's own exception as it was raised. */
    static <T> T await(CompletableFuture<T> result) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // The write is already queued and will happen; report its real outcome.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof StoreException se) {
                        throw se;
                    }
                    throw new StoreException("write failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
