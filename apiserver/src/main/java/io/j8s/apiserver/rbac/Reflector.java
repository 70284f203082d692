package io.j8s.apiserver.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.selectors.FieldSelector;
import io.j8s.api.selectors.LabelSelector;
import io.j8s.apiserver.registry.ListOptions;
import io.j8s.apiserver.registry.ListResult;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.WatchSink;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Every object of one resource in memory, as upstream's reflector keeps an informer's store: a
 * list, then a watch from its resourceVersion, listed again when the watch ends. {@code onChange}
 * runs after every change (on the watch's thread), so an index built from {@link #objects()}
 * can be marked stale.
 */
final class Reflector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Reflector.class.getName());

    private final Registry registry;
    private final Runnable onChange;
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private volatile AutoCloseable watch;
    private volatile boolean closed;

    Reflector(Registry registry, Runnable onChange) {
        this.registry = registry;
        this.onChange = onChange;
    }

    /** Lists (so the objects are there when this returns) and starts watching. */
    Reflector start() {
        listAndWatch();
        return this;
    }

    Collection<ObjectNode> objects() {
        return objects.values();
    }

    ObjectNode get(String namespace, String name) {
        return objects.get(key(namespace, name));
    }

    private void listAndWatch() {
        ListResult list = registry.list(null, ListOptions.all());
        objects.clear();
        for (ObjectNode o : list.items()) {
            objects.put(key(o), o);
        }
        onChange.run();
        ListOptions from = new ListOptions(LabelSelector.parse(""), FieldSelector.parse(""),
                list.resourceVersion(), "", 0, "", false, 0);
        watch = registry.watch(null, from, new WatchSink() {
            @Override
            public void send(String type, ObjectNode object) {
                switch (type) {
                    case "ADDED", "MODIFIED" -> objects.put(key(object), object);
                    case "DELETED" -> objects.remove(key(object));
                    default -> {
                        return;
                    }
                }
                onChange.run();
            }

            @Override
            public void end() {
                if (!closed) {
                    Thread.ofVirtual().name("rbac-relist").start(Reflector.this::relist);
                }
            }
        });
    }

    private void relist() {
        while (!closed) {
            try {
                listAndWatch();
                return;
            } catch (RuntimeException e) {
                LOG.warning("listing " + registry.type().plural() + " again failed: "
                        + e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static String key(ObjectNode o) {
        ObjectNode meta = (ObjectNode) o.path("metadata");
        return key(meta.path("namespace").asText(""), meta.path("name").asText(""));
    }

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    @Override
    public void close() {
        closed = true;
        AutoCloseable w = watch;
        if (w != null) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.fine("closing the watch: " + e);
            }
        }
    }
}
