package io.j8s.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest compaction this store knows of. etcd has no call that tells it, so it is learned: from
 * our own compactions, from watches etcd cancels as compacted (which carry the revision), and, when a
 * read was refused as compacted, from a probe watch that etcd cancels the same way.
 */
final class CompactRevision {
    /** A key nobody writes: the probes only need etcd's answer about the revision. */
    private static final ByteSequence PROBE_KEY = KeyRange.bytes("\0j8s-compact-probe");
    private static final long PROBE_TIMEOUT_MILLIS = 2_000;

    private final KV kv;
    private final Watch watch;
    private final EtcdCall call;
    private final AtomicLong known = new AtomicLong();
    private volatile boolean probed;

    CompactRevision(KV kv, Watch watch, EtcdCall call) {
        this.kv = kv;
        this.watch = watch;
        this.call = call;
    }

    /** What is known now, without asking etcd. */
    long known() {
        return known.get();
    }

    /** The compact revision, asking etcd the first time whether anyone compacted before we came. */
    long get() {
        if (!probed) {
            synchronized (this) {
                if (!probed) {
                    try {
                        call.await(kv.get(PROBE_KEY, GetOption.builder().withRevision(1)
                                .withCountOnly(true).build()), "read revision 1");
                    } catch (EtcdCall.OutOfRange e) {
                        if (e.compacted()) {
                            learn(probe(1));
                        }
                    }
                    probed = true;
                }
            }
        }
        return known.get();
    }

    void learn(long revision) {
        known.accumulateAndGet(revision, Math::max);
    }

    /** etcd refused {@code revision} as compacted: how far did compaction go? At least that far. */
    long afterRefusal(long revision) {
        if (known.get() < revision) {
            learn(probe(revision));
        }
        return Math.max(known.get(), revision);
    }

    /** Watches from {@code startRevision}; etcd cancels such a watch with the compact revision. */
    private long probe(long startRevision) {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        WatchOption option = WatchOption.builder().withRevision(Math.max(1, startRevision)).build();
        Watch.Watcher watcher = watch.watch(PROBE_KEY, option, Watch.listener(
                response -> { },
                error -> answer.complete(error instanceof CompactedException c
                        ? c.getCompactedRevision() : 0L)));
        try {
            return answer.get(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        } finally {
            watcher.close();
        }
    }
}
