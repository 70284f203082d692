package io.j8s.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.j8s.store.CompactedException;
import io.j8s.store.ConflictException;
import io.j8s.store.FutureRevisionException;
import io.j8s.store.KeyExistsException;
import io.j8s.store.KeyNotFoundException;
import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.StoreUnavailableException;
import io.j8s.store.Watch;
import io.j8s.store.WatchListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link Store} on an etcd cluster, through jetcd. Revisions, guarded writes, history and
 * watches are etcd's own: every write is one Txn whose compare is the guard, so etcd's revision is
 * the store's revision and nothing is kept here but the last compaction this store has seen.
 */
public final class EtcdStore implements Store {
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** gRPC's default of 4 MiB would fail lists of a few thousand objects; etcd sends up to 2 GiB. */
    private static final int MAX_RESPONSE_BYTES = Integer.MAX_VALUE;
    private static final GetOption COUNT_ONLY = GetOption.builder().withCountOnly(true).build();
    private static final GetOption KEY_ONLY = GetOption.builder().withKeysOnly(true).build();
    private static final DeleteOption PREVIOUS = DeleteOption.builder().withPrevKV(true).build();

    private final Client client;
    private final KV kv;
    private final String endpoints;
    private final EtcdCall call;
    private final CompactRevision compaction;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    /** Requests hold it shared; close takes it alone, so pending requests finish first. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private EtcdStore(Client client, String endpoints, Duration requestTimeout) {
        this.client = client;
        this.kv = client.getKVClient();
        this.endpoints = endpoints;
        this.call = new EtcdCall(endpoints, requestTimeout);
        this.compaction = new CompactRevision(kv, client.getWatchClient(), call);
    }

    /**
     * A store on the etcd cluster at {@code endpoints}. Connects lazily and returns at once; use
     * {@link #awaitReady} to wait until etcd answers.
     *
     * @param connectTimeout how long to wait for a connection; requests wait at least 30 seconds
     */
    public static EtcdStore connect(List<URI> endpoints, Duration connectTimeout) {
        if (endpoints.isEmpty()) {
            throw new StoreUnavailableException("no etcd endpoint given: use http://host:2379");
        }
        String names = endpoints.stream().map(URI::toString).collect(Collectors.joining(","));
        Client client;
        try {
            client = Client.builder()
                    .endpoints(endpoints)
                    .connectTimeout(connectTimeout)
                    .maxInboundMessageSize(MAX_RESPONSE_BYTES)
                    .build();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot set up a client for etcd at " + names + ": "
                    + EtcdCall.message(e), e);
        }
        Duration requestTimeout = connectTimeout.compareTo(MIN_REQUEST_TIMEOUT) > 0
                ? connectTimeout : MIN_REQUEST_TIMEOUT;
        return new EtcdStore(client, names, requestTimeout);
    }

    @Override
    public long currentRevision() {
        return request(() -> call.await(kv.get(KeyRange.ZERO, COUNT_ONLY), "read the revision"))
                .getHeader().getRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        GetResponse response = request(() -> call.await(kv.get(KeyRange.bytes(key)), "read " + key));
        return response.getKvs().isEmpty()
                ? Optional.empty() : Optional.of(toKeyValue(response.getKvs().getFirst()));
    }

    @Override
    public ListPage list(String prefix, long revision, int limit, String continueKey) {
        if (revision < 0 || limit < 0) {
            throw new IllegalArgumentException("revision and limit must not be negative: " + revision
                    + ", " + limit);
        }
        KeyRange range = KeyRange.prefix(prefix);
        ByteSequence start = continueKey == null ? range.start() : KeyRange.bytes(continueKey);
        GetOption option = GetOption.builder()
                .withRange(range.end())
                .withRevision(revision)
                .withLimit(limit)
                .build();
        GetResponse response;
        try {
            response = request(() -> call.await(kv.get(start, option), "list " + prefix));
        } catch (EtcdCall.OutOfRange e) {
            throw refused(e, revision);
        }
        List<KeyValue> items = new ArrayList<>(response.getKvs().size());
        response.getKvs().forEach(kv -> items.add(toKeyValue(kv)));
        long readAt = revision == 0 ? response.getHeader().getRevision() : revision;
        String next = response.isMore() && !items.isEmpty() ? items.getLast().key() + "\0" : null;
        return new ListPage(items, readAt, next, response.getCount() - items.size());
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        ByteSequence k = KeyRange.bytes(key);
        TxnResponse response = request(() -> call.await(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .commit(), "create " + key));
        if (!response.isSucceeded()) {
            throw new KeyExistsException(key);
        }
        long revision = response.getHeader().getRevision();
        return new KeyValue(key, value.clone(), revision, revision);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        ByteSequence k = KeyRange.bytes(key);
        // The keys-only get after the put reads the create revision without sending any value back.
        TxnResponse response = request(() -> call.await(kv.txn()
                .If(guard(k, expectedModRevision))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT), Op.get(k, KEY_ONLY))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "update " + key));
        if (!response.isSucceeded()) {
            throw refusedWrite(key, expectedModRevision, response);
        }
        long revision = response.getHeader().getRevision();
        long created = response.getGetResponses().getFirst().getKvs().getFirst().getCreateRevision();
        return new KeyValue(key, value.clone(), created, revision);
    }

    @Override
    public Deleted delete(String key, long expectedModRevision) {
        ByteSequence k = KeyRange.bytes(key);
        TxnResponse response = request(() -> call.await(kv.txn()
                .If(guard(k, expectedModRevision))
                .Then(Op.delete(k, PREVIOUS))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "delete " + key));
        if (!response.isSucceeded()) {
            throw refusedWrite(key, expectedModRevision, response);
        }
        DeleteResponse deleted = response.getDeleteResponses().getFirst();
        return new Deleted(toKeyValue(deleted.getPrevKvs().getFirst()),
                response.getHeader().getRevision());
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        if (fromRevision < 0) {
            throw new IllegalArgumentException("fromRevision must not be negative: " + fromRevision);
        }
        return request(() -> {
            long from = fromRevision == 0 ? currentRevision() : fromRevision;
            EtcdWatch watch = new EtcdWatch(client.getWatchClient(), KeyRange.prefix(prefix), from,
                    listener, compaction, call, watches::remove);
            watches.add(watch);
            watch.start();
            return watch;
        });
    }

    @Override
    public void compact(long revision) {
        long known = compaction.known();
        if (revision <= known) {
            throw new CompactedException(revision, known);
        }
        try {
            request(() -> call.await(kv.compact(revision, CompactOption.DEFAULT),
                    "compact to revision " + revision));
        } catch (EtcdCall.OutOfRange e) {
            throw refused(e, revision);
        }
        compaction.learn(revision);
    }

    @Override
    public long compactRevision() {
        return request(compaction::get);
    }

    @Override
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            CompletableFuture<GetResponse> probe = kv.get(KeyRange.ZERO, COUNT_ONLY);
            try {
                probe.get(left, TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                probe.cancel(true);
                break;
            } catch (ExecutionException e) {
                last = e.getCause();
                sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(200), deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                probe.cancel(true);
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for etcd at " + endpoints);
            }
        }
        throw new StoreUnavailableException("etcd at " + endpoints + " did not answer within "
                + EtcdCall.seconds(timeout)
                + (last == null ? "" : " (last error: " + EtcdCall.message(last) + ")")
                + ": " + EtcdCall.CHECK, last);
    }

    @Override
    public String describe() {
        return "etcd " + endpoints;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        List<EtcdWatch> open = List.copyOf(watches);
        open.forEach(EtcdWatch::endByStore);
        open.forEach(EtcdWatch::awaitEnd);
        client.close();
    }

    @Override
    public String toString() {
        return describe();
    }

    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(keyOf(kv), kv.getValue().getBytes(), kv.getCreateRevision(),
                kv.getModRevision());
    }

    static String keyOf(io.etcd.jetcd.KeyValue kv) {
        return kv.getKey().toString(StandardCharsets.UTF_8);
    }

    private static Cmp guard(ByteSequence key, long expectedModRevision) {
        return expectedModRevision == ANY_REVISION
                ? new Cmp(key, Cmp.Op.GREATER, CmpTarget.version(0))
                : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision));
    }

    /** Why a guarded write's compare failed, from the get in its Else branch. */
    private static StoreException refusedWrite(String key, long expected, TxnResponse response) {
        List<io.etcd.jetcd.KeyValue> current = response.getGetResponses().getFirst().getKvs();
        if (current.isEmpty()) {
            return new KeyNotFoundException(key);
        }
        return new ConflictException(key, expected, toKeyValue(current.getFirst()));
    }

    private StoreException refused(EtcdCall.OutOfRange e, long revision) {
        if (e.compacted()) {
            return new CompactedException(revision, compaction.afterRefusal(revision));
        }
        return new FutureRevisionException(revision, currentRevision());
    }

    /** Runs one request unless the store is closed; close waits for the running ones. */
    private <T> T request(Supplier<T> body) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StoreException("the etcd store for " + endpoints + " is closed");
            }
            return body.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for etcd");
        }
    }
}
