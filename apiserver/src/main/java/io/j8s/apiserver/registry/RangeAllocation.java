package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.store.ConflictException;
import io.j8s.store.KeyExistsException;
import io.j8s.store.KeyNotFoundException;
import io.j8s.store.KeyValue;
import io.j8s.store.Store;
import java.util.Base64;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One pool of numbered items (the addresses of the service CIDR, the node ports) kept in the store
 * as upstream keeps it: a {@code RangeAllocation} object at {@code /registry/ranges/...} with the
 * {@code range} it covers and a bitmap in {@code data} (base64 of the big-endian bytes of the
 * bitmap, as Go's {@code big.Int.Bytes}), bit {@code i} standing for the {@code i}-th item.
 *
 * <p>Every change is a compare-and-swap of the whole object against the revision it was read at,
 * retried from the current value on conflict, so API servers sharing one store never hand out one
 * item twice. Within one server the changes take turns (a lock, not a monitor: requests run on
 * virtual threads), and the last value seen is kept, so an uncontended change is one store write.
 */
final class RangeAllocation {
    private static final int ATTEMPTS = 1000;

    private final Store store;
    private final String key;
    private final String range;
    private final int size;
    private final ReentrantLock lock = new ReentrantLock();
    private KeyValue last;

    RangeAllocation(Store store, String key, String range, int size) {
        this.store = store;
        this.key = key;
        this.range = range;
        this.size = size;
    }

    int size() {
        return size;
    }

    /** Takes item {@code i}; false if it is taken already. Dry-run only looks. */
    boolean allocate(int i, boolean dryRun) {
        return change(bits -> {
            if (bits.get(i)) {
                return false;
            }
            bits.set(i);
            return true;
        }, dryRun);
    }

    /**
     * Takes the first free item at or after {@code from} (wrapping) that is not in
     * {@code exclude}; -1 if none is free.
     */
    int allocateNext(int from, BitSet exclude, boolean dryRun) {
        return change(bits -> {
            BitSet taken = (BitSet) bits.clone();
            taken.or(exclude);
            int i = taken.nextClearBit(from);
            if (i >= size) {
                i = taken.nextClearBit(0);
            }
            if (i >= size) {
                return -1;
            }
            bits.set(i);
            return i;
        }, dryRun);
    }

    /** Gives item {@code i} back. */
    void release(int i) {
        change(bits -> {
            bits.clear(i);
            return null;
        }, false);
    }

    /** Marks every item of {@code taken} as taken (what stored objects hold). */
    void restore(BitSet taken) {
        change(bits -> {
            bits.or(taken);
            return null;
        }, false);
    }

    /** What is taken, read from the store, and the revision it was read at (0: never written). */
    record Snapshot(BitSet taken, long revision) {}

    Snapshot snapshot() {
        KeyValue kv = read();
        return new Snapshot(decode(kv), kv == null ? 0 : kv.modRevision());
    }

    /**
     * Gives back every item of {@code items} if the pool is still at {@code revision}, so that
     * nothing taken since a repair read the pool is given back; false if it moved on.
     */
    boolean releaseAt(BitSet items, long revision) {
        lock.lock();
        try {
            KeyValue kv = read();
            if (kv == null || kv.modRevision() != revision) {
                return false;
            }
            BitSet bits = decode(kv);
            bits.andNot(items);
            byte[] value = encode(bits);
            try {
                last = Registry.call(() -> store.update(key, value, revision));
                return true;
            } catch (ConflictException | KeyNotFoundException e) {
                last = null;
                return false;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies {@code fn} to the current bitmap and stores the result under the guard of the
     * revision it was read at, reading again and reapplying on conflict; returns what {@code fn}
     * returned. A change that changes nothing writes nothing, once the stored value confirms it.
     */
    private <T> T change(Function<BitSet, T> fn, boolean dryRun) {
        lock.lock();
        try {
            return changeLocked(fn, dryRun);
        } finally {
            lock.unlock();
        }
    }

    private <T> T changeLocked(Function<BitSet, T> fn, boolean dryRun) {
        boolean fresh = last == null || dryRun;
        KeyValue current = fresh ? read() : last;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            BitSet bits = decode(current);
            BitSet before = (BitSet) bits.clone();
            T result = fn.apply(bits);
            boolean same = bits.equals(before) && current != null;
            if (dryRun || same && fresh) {
                return result;
            }
            if (same) {
                // the value this server saw last may be stale: decide on the stored one
                current = read();
                fresh = true;
                continue;
            }
            byte[] value = encode(bits);
            KeyValue expected = current;
            try {
                last = expected == null
                        ? Registry.call(() -> store.create(key, value))
                        : Registry.call(() -> store.update(key, value, expected.modRevision()));
                return result;
            } catch (ConflictException e) {
                current = e.current();
            } catch (KeyExistsException | KeyNotFoundException e) {
                current = read();
            }
            last = null;
            fresh = true;
        }
        throw StatusException.internal("could not update " + key + ": it kept changing");
    }

    private KeyValue read() {
        Optional<KeyValue> kv = Registry.call(() -> store.get(key));
        return kv.orElse(null);
    }

    /** The bitmap of a stored allocation; empty when absent or of another range. */
    private BitSet decode(KeyValue kv) {
        if (kv == null) {
            return new BitSet(size);
        }
        ObjectNode o = Json.tree(kv.value());
        if (!range.equals(o.path("range").asText())) {
            return new BitSet(size); // the range was changed: what services hold is restored
        }
        byte[] bigEndian = Base64.getDecoder().decode(o.path("data").asText(""));
        BitSet bits = BitSet.valueOf(reverse(bigEndian));
        if (bits.length() > size) {
            bits.clear(size, bits.length());
        }
        return bits;
    }

    private byte[] encode(BitSet bits) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "RangeAllocation").put("apiVersion", "v1");
        o.putObject("metadata").putNull("creationTimestamp");
        o.put("range", range);
        o.put("data", Base64.getEncoder().encodeToString(reverse(bits.toByteArray())));
        return Json.bytes(o);
    }

    private static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }
}
