package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.store.WatchEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every object of one resource in memory, kept current by one store watch, so that a thousand
 * API watches and every list cost one store watch. It keeps the last events too, so a watch from a
 * recent resourceVersion replays them; older ones fall back to a watch on the store. Watches that
 * require {@code spec.nodeName=X} (every kubelet's pod watch) are indexed by node, so a pod change
 * wakes only the watches of its node and the unfiltered ones.
 */
final class WatchCache {
    static final int RECENT_EVENTS = 4096;
    private static final String NODE_FIELD = "spec.nodeName";

    /** One change, decoded once and shared read-only by every watch. */
    record Change(long revision, String key, ObjectNode current, ObjectNode previous) {}

    private final Registry registry;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final TreeMap<String, ObjectNode> objects = new TreeMap<>();
    /** The JSON of objects that a list has served, until they change: lists reuse it. */
    private final Map<String, byte[]> encoded = new HashMap<>();
    private final ArrayDeque<Change> recent = new ArrayDeque<>();
    private final Set<CacheWatch> unindexed = new HashSet<>();
    private final Map<String, Set<CacheWatch>> byNode = new HashMap<>();
    private long revision;
    private boolean ready;
    private final CacheReflector reflector;

    WatchCache(Registry registry) {
        this.registry = registry;
        this.reflector = new CacheReflector(registry, this);
    }

    /** Loads every object and follows the store from there; see {@link CacheReflector}. */
    void start() {
        reflector.start();
    }

    void stop() {
        reflector.stop();
    }

    /** Why the cache cannot serve, or null when it is ready. */
    String problem() {
        return reflector.problem();
    }

    /** A fresh list from the store, at {@code at}: the cache is not ready until it follows it. */
    void replace(Map<String, ObjectNode> loaded, long at) {
        lock.lock();
        try {
            ready = false;
            objects.clear();
            objects.putAll(loaded);
            encoded.clear();
            recent.clear();
            revision = at;
        } finally {
            lock.unlock();
        }
    }

    void markReady() {
        lock.lock();
        try {
            ready = true;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The store watch is gone: every API watch ends (their clients list again). */
    void lost() {
        lock.lock();
        try {
            ready = false;
            for (CacheWatch w : allWatches()) {
                w.end();
            }
            unindexed.clear();
            byNode.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The object at {@code key} as the cache holds it (shared: read, never change it), empty when
     * there is none; null when the cache is not ready to say.
     */
    Optional<ObjectNode> peek(String key) {
        lock.lock();
        try {
            return ready ? Optional.ofNullable(objects.get(key)) : null;
        } finally {
            lock.unlock();
        }
    }

    /** One change from the store watch, in revision order. */
    void apply(WatchEvent event) {
        ObjectNode current = event.current() == null ? null : registry.decode(event.current());
        ObjectNode previous = Watcher.previousOf(registry, event);
        Change change = new Change(event.revision(), event.key(), current, previous);
        lock.lock();
        try {
            if (current == null) {
                objects.remove(event.key());
                encoded.remove(event.key());
            } else {
                objects.put(event.key(), current);
                encoded.remove(event.key());
            }
            revision = event.revision();
            recent.addLast(change);
            if (recent.size() > RECENT_EVENTS) {
                recent.removeFirst();
            }
            for (CacheWatch w : interested(change)) {
                w.offer(change);
            }
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * True when a list with these options may be served from memory: a first page, at "any"
     * revision, or at the newest one when the cache has seen every write the store has made.
     */
    boolean canList(ListOptions options) {
        if (!options.continueToken().isEmpty() || options.resourceVersionMatch().equals("Exact")) {
            return false;
        }
        lock.lock();
        try {
            if (!ready) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        String rv = options.resourceVersion();
        if (rv.equals("0")) {
            return true;
        }
        long needed = rv.isEmpty() ? Registry.call(() -> registry.store().currentRevision())
                : Lister.parseRevision(rv);
        return revision() >= needed;
    }

    /** Lists from memory; see {@link #canList}. */
    ListResult list(String namespace, ListOptions options) {
        String prefix = registry.type().prefix(namespace);
        List<ObjectNode> matching = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<byte[]> json = new ArrayList<>();
        long at;
        String nextKey = null;
        // At "any" revision the whole list comes from memory, whatever the limit, as upstream's
        // cacher serves it: a continue token would name a revision that compaction may have
        // passed while the resource was quiet, and the informer's second page would get 410.
        int limit = options.resourceVersion().equals("0") ? 0 : options.limit();
        long remaining = 0;
        lock.lock();
        try {
            at = revision;
            for (Map.Entry<String, ObjectNode> e : objects.subMap(prefix,
                    prefixEnd(prefix)).entrySet()) {
                if (!Lister.matches(e.getValue(), options)) {
                    continue;
                }
                if (limit > 0 && matching.size() == limit) {
                    if (nextKey == null) {
                        nextKey = e.getKey();
                    }
                    remaining++;
                    continue;
                }
                matching.add(e.getValue());
                keys.add(e.getKey());
                json.add(encoded.get(e.getKey()));
            }
        } finally {
            lock.unlock();
        }
        encodeMissing(matching, keys, json);
        if (nextKey == null) {
            return new ListResult(matching, Long.toString(at), "", null, json);
        }
        String token = new ContinueToken(at, nextKey.substring(prefix.length())).encode();
        return new ListResult(matching, Long.toString(at), token, remaining, json);
    }

    /**
     * Serializes the listed objects whose JSON the cache lacks, outside the lock, and keeps it for
     * the next list unless the object changed meanwhile.
     */
    private void encodeMissing(List<ObjectNode> objectsListed, List<String> keys,
            List<byte[]> json) {
        Map<Integer, byte[]> fresh = new HashMap<>();
        for (int i = 0; i < json.size(); i++) {
            if (json.get(i) == null) {
                byte[] bytes = Json.bytes(objectsListed.get(i));
                json.set(i, bytes);
                fresh.put(i, bytes);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (Map.Entry<Integer, byte[]> f : fresh.entrySet()) {
                String key = keys.get(f.getKey());
                if (objects.get(key) == objectsListed.get(f.getKey())) {
                    encoded.put(key, f.getValue());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a watch served from memory, or answers null when it asks for a revision older than
     * the cache remembers (the caller then watches the store directly).
     */
    AutoCloseable watch(String namespace, ListOptions options, WatchSink sink) {
        String rv = options.resourceVersion();
        boolean fromNow = rv.isEmpty() || rv.equals("0");
        long from = fromNow ? 0 : Lister.parseRevision(rv);
        CacheWatch w = new CacheWatch(this, registry.type().prefix(namespace), options, sink,
                nodeName(options));
        lock.lock();
        try {
            if (!ready) {
                throw reinitializing();
            }
            if (fromNow) {
                for (ObjectNode o : objects.subMap(w.prefix(), prefixEnd(w.prefix())).values()) {
                    if (Lister.matches(o, options)) {
                        w.offerInitial(o);
                    }
                }
                w.startAfter(revision);
            } else {
                long oldest = recent.isEmpty() ? revision + 1 : recent.peekFirst().revision();
                if (from + 1 < oldest && from < revision) {
                    return null;
                }
                for (Change c : recent) {
                    if (c.revision() > from && c.key().startsWith(w.prefix())) {
                        w.offer(c);
                    }
                }
                w.startAfter(from);
            }
            register(w);
        } finally {
            lock.unlock();
        }
        w.start();
        return w;
    }

    /** Waits up to {@code nanos} for the next change of this resource. */
    void awaitChange(long nanos) {
        lock.lock();
        try {
            advanced.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    void unregister(CacheWatch w) {
        lock.lock();
        try {
            if (w.node() == null) {
                unindexed.remove(w);
            } else {
                Set<CacheWatch> set = byNode.get(w.node());
                if (set != null) {
                    set.remove(w);
                    if (set.isEmpty()) {
                        byNode.remove(w.node());
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void register(CacheWatch w) {
        if (w.node() == null) {
            unindexed.add(w);
        } else {
            byNode.computeIfAbsent(w.node(), n -> new HashSet<>()).add(w);
        }
    }

    private List<CacheWatch> interested(Change c) {
        List<CacheWatch> out = new ArrayList<>(unindexed);
        if (!byNode.isEmpty()) {
            Set<String> nodes = new HashSet<>(2);
            nodes.add(nodeOf(c.current()));
            nodes.add(nodeOf(c.previous()));
            for (String node : nodes) {
                Set<CacheWatch> set = byNode.get(node);
                if (set != null) {
                    out.addAll(set);
                }
            }
        }
        return out;
    }

    private List<CacheWatch> allWatches() {
        List<CacheWatch> all = new ArrayList<>(unindexed);
        byNode.values().forEach(all::addAll);
        return all;
    }

    private static String nodeOf(ObjectNode o) {
        return o == null ? "" : o.path("spec").path("nodeName").asText("");
    }

    private static String nodeName(ListOptions options) {
        return options.fieldSelector().requiredValue(NODE_FIELD).orElse(null);
    }

    /**
     * Upstream's answer to a watch while its cache (re)initializes: 429 with a one-second
     * {@code retryAfterSeconds}; clients back off and watch again.
     */
    static io.j8s.api.errors.StatusException reinitializing() {
        return new io.j8s.api.errors.StatusException(new io.fabric8.kubernetes.api.model
                .StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata()
                .endMetadata().withStatus("Failure")
                .withMessage("Too many requests: storage is (re)initializing")
                .withReason("TooManyRequests").withCode(429)
                .withNewDetails().withRetryAfterSeconds(1).endDetails().build());
    }

    /** The smallest key above every key that starts with {@code prefix} (keys are ASCII). */
    static String prefixEnd(String prefix) {
        return prefix.substring(0, prefix.length() - 1)
                + (char) (prefix.charAt(prefix.length() - 1) + 1);
    }

    static ObjectNode bookmark(Registry registry, long revision) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("kind", registry.type().kind());
        b.put("apiVersion", registry.type().apiVersion());
        b.putObject("metadata").put("resourceVersion", Long.toString(revision));
        return b;
    }

    Registry registry() {
        return registry;
    }
}
