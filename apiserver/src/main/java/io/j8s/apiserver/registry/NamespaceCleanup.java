package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.store.KeyValue;
import io.j8s.store.StoreWriter;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deleting a namespace: it is marked Terminating at once (so nothing new is created in it), then
 * everything in it is deleted and finally the namespace itself. Upstream's namespace controller
 * does the second half; until j8s's controller manager lands, the API server does it here.
 */
final class NamespaceCleanup {
    private static final Logger LOG = Logger.getLogger(NamespaceCleanup.class.getName());

    private final Registries registries;

    NamespaceCleanup(Registries registries) {
        this.registries = registries;
    }

    ObjectNode terminate(String name, WriteOptions options) {
        Registry namespaces = registries.namespaces();
        for (int attempt = 0; ; attempt++) {
            ObjectNode ns = namespaces.get(null, name);
            if (options.dryRun()) {
                return ns;
            }
            if (Meta.deleting(ns)) {
                return ns;
            }
            ObjectNode next = ns.deepCopy();
            Meta.of(next).put("deletionTimestamp",
                    Meta.timestamp(namespaces.clock().instant()));
            Meta.of(next).put("deletionGracePeriodSeconds", 0);
            next.with("status").put("phase", "Terminating");
            try {
                ObjectNode marked = namespaces.store(next, Long.parseLong(Meta.resourceVersion(ns)));
                Thread.ofVirtual().name("namespace-cleanup " + name).start(() -> empty(name));
                return marked;
            } catch (StatusException e) {
                if (!"Conflict".equals(e.reason()) || attempt > 8) {
                    throw e;
                }
            }
        }
    }

    private void empty(String name) {
        try {
            for (Registry r : registries.all()) {
                if (!r.type().namespaced()) {
                    continue;
                }
                for (KeyValue kv : r.store().list(r.type().prefix(name)).items()) {
                    try {
                        StoreWriter.Deleted d = r.store().delete(kv.key(),
                                StoreWriter.ANY_REVISION);
                        r.strategy().release(r.decode(d.previous()), null);
                    } catch (io.j8s.store.KeyNotFoundException e) {
                        // gone already
                    }
                }
            }
            registries.namespaces().store().delete(
                    registries.namespaces().type().key(null, name), StoreWriter.ANY_REVISION);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "emptying namespace " + name + " failed: " + e.getMessage());
        }
    }
}
