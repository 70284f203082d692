package io.j8s.apiserver.encryption;

import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.Store;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import io.j8s.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A store whose values of the configured resources are sealed by the first provider on every
 * create and update, and opened by whichever provider's prefix they carry on every read and watch
 * event. A value no provider can open is an error naming the key, never garbage handed on.
 */
final class EncryptingStore implements Store {
    private final Store store;
    private final EncryptionConfiguration config;

    EncryptingStore(Store store, EncryptionConfiguration config) {
        this.store = store;
        this.config = config;
    }

    private byte[] seal(String key, byte[] plain) {
        List<Transformer> providers = config.providersFor(key);
        if (providers.isEmpty()) {
            return plain;
        }
        Transformer first = providers.get(0);
        byte[] prefix = first.prefix().getBytes(StandardCharsets.UTF_8);
        byte[] sealed = first.seal(plain, key);
        byte[] out = Arrays.copyOf(prefix, prefix.length + sealed.length);
        System.arraycopy(sealed, 0, out, prefix.length, sealed.length);
        return out;
    }

    private byte[] open(String key, byte[] stored) {
        List<Transformer> providers = config.providersFor(key);
        if (providers.isEmpty()) {
            return stored;
        }
        for (Transformer t : providers) {
            byte[] prefix = t.prefix().getBytes(StandardCharsets.UTF_8);
            if (stored.length >= prefix.length && Arrays.equals(stored, 0, prefix.length, prefix,
                    0, prefix.length)) {
                if (prefix.length == 0 && startsWith(stored, "k8s:enc:")) {
                    continue; // identity does not read what another provider wrote
                }
                return t.open(Arrays.copyOfRange(stored, prefix.length, stored.length), key);
            }
        }
        throw new IllegalStateException("cannot decrypt " + key + ": no provider of"
                + " --encryption-provider-config matches its prefix"
                + (startsWith(stored, "k8s:enc:") ? " " + prefixOf(stored) : ""));
    }

    private static boolean startsWith(byte[] value, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        return value.length >= p.length && Arrays.equals(value, 0, p.length, p, 0, p.length);
    }

    /** {@code k8s:enc:aescbc:v1:KEYNAME:} of a sealed value, for the error. */
    private static String prefixOf(byte[] value) {
        String head = new String(value, 0, Math.min(value.length, 200), StandardCharsets.ISO_8859_1);
        String[] parts = head.split(":", 6);
        return parts.length >= 6 ? String.join(":", Arrays.copyOf(parts, 5)) + ":" : "k8s:enc:";
    }

    private KeyValue open(KeyValue kv) {
        return kv == null ? null : new KeyValue(kv.key(), open(kv.key(), kv.value()),
                kv.createRevision(), kv.modRevision());
    }

    @Override
    public long currentRevision() {
        return store.currentRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return store.get(key).map(this::open);
    }

    @Override
    public ListPage list(String prefix, long revision, int limit, String continueKey) {
        ListPage page = store.list(prefix, revision, limit, continueKey);
        return new ListPage(page.items().stream().map(this::open).toList(), page.revision(),
                page.continueKey(), page.remaining());
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        KeyValue kv = store.create(key, seal(key, value));
        return new KeyValue(kv.key(), value, kv.createRevision(), kv.modRevision());
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        KeyValue kv = store.update(key, seal(key, value), expectedModRevision);
        return new KeyValue(kv.key(), value, kv.createRevision(), kv.modRevision());
    }

    @Override
    public Deleted delete(String key, long expectedModRevision) {
        Deleted d = store.delete(key, expectedModRevision);
        return new Deleted(open(d.previous()), d.revision());
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        return store.watch(prefix, fromRevision, new WatchListener() {
            @Override
            public void onEvent(WatchEvent e) {
                listener.onEvent(new WatchEvent(e.type(), e.key(), e.revision(),
                        open(e.current()), open(e.previous())));
            }

            @Override
            public void onClosed(StoreException cause) {
                listener.onClosed(cause);
            }
        });
    }

    @Override
    public void compact(long revision) {
        store.compact(revision);
    }

    @Override
    public long compactRevision() {
        return store.compactRevision();
    }

    @Override
    public void awaitReady(Duration timeout) {
        store.awaitReady(timeout);
    }

    @Override
    public String describe() {
        return store.describe() + " (encrypted at rest)";
    }

    @Override
    public void close() {
        store.close();
    }
}
