package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.StoreException;
import io.j8s.store.Watch;
import io.j8s.store.WatchEvent;
import io.j8s.store.WatchListener;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fills one {@link WatchCache} from the store, as upstream's reflector fills its cacher: lists
 * every object, then follows the store's watch from the list's revision. When that watch fails the
 * cache is not ready until a new list and watch succeed, tried again and again with back-off (800
 * ms doubling to 30 s, jittered, upstream's reflector defaults); {@link #problem()} says why it is
 * not ready meanwhile. Each list-and-watch is a generation: events and failures of an older one
 * are ignored.
 */
final class CacheReflector {
    private static final Logger LOG = Logger.getLogger(CacheReflector.class.getName());
    private static final long INITIAL_BACKOFF_MS = 800;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final int PAGE = 1000;

    private final Registry registry;
    private final WatchCache cache;
    private final String prefix;
    private final Object lock = new Object();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private int generation;
    private Watch storeWatch;
    private volatile String problem = "not loaded yet";
    private volatile boolean stopped;

    CacheReflector(Registry registry, WatchCache cache) {
        this.registry = registry;
        this.cache = cache;
        this.prefix = registry.type().prefix(null);
    }

    /** Loads and follows the store; a failure of this first load is thrown. */
    void start() {
        if (!load()) {
            reloadInBackground();
        }
    }

    void stop() {
        stopped = true;
        Watch w;
        synchronized (lock) {
            generation++;
            w = storeWatch;
            storeWatch = null;
        }
        if (w != null) {
            w.close();
        }
        cache.lost();
    }

    /** Why the cache is not ready, or null when it follows the store. */
    String problem() {
        return problem;
    }

    /** One list and watch; true once the cache follows the store (or the reflector stopped). */
    private boolean load() {
        long at = 0;
        String from = null;
        TreeMap<String, ObjectNode> loaded = new TreeMap<>();
        while (true) {
            long atRevision = at;
            String start = from;
            ListPage page = Registry.call(() -> registry.store().list(prefix, atRevision, PAGE,
                    start));
            at = page.revision();
            for (KeyValue kv : page.items()) {
                loaded.put(kv.key(), registry.decode(kv));
            }
            if (!page.hasMore()) {
                break;
            }
            from = page.continueKey();
        }
        int gen;
        synchronized (lock) {
            gen = ++generation;
        }
        cache.replace(loaded, at);
        long startRevision = at;
        Watch w = Registry.call(() -> registry.store().watch(prefix, startRevision,
                new Follower(gen)));
        synchronized (lock) {
            if (gen == generation && !stopped) {
                storeWatch = w;
                problem = null;
                cache.markReady();
                return true;
            }
        }
        w.close(); // it failed at once, or the reflector stopped meanwhile
        return stopped;
    }

    private void reloadInBackground() {
        if (stopped || !reloading.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("watch-cache " + registry.type().plural()).start(() -> {
            try {
                reload();
            } finally {
                reloading.set(false);
            }
            if (!stopped && problem != null) {
                reloadInBackground(); // lost again just as the last reload succeeded
            }
        });
    }

    private void reload() {
        long backoff = INITIAL_BACKOFF_MS;
        while (!stopped) {
            try {
                if (load()) {
                    LOG.info("the watch cache of " + registry.type().plural() + " is ready again");
                    return;
                }
            } catch (RuntimeException e) {
                problem = "cannot list and watch " + prefix + ": " + e.getMessage();
                LOG.log(Level.WARNING, "the watch cache of " + registry.type().plural()
                        + " " + problem + "; trying again in " + backoff + " ms");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(backoff
                        + ThreadLocalRandom.current().nextLong(backoff + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** The store watch of one generation. */
    private final class Follower implements WatchListener {
        private final int gen;

        Follower(int gen) {
            this.gen = gen;
        }

        @Override
        public void onEvent(WatchEvent event) {
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
            }
            cache.apply(event);
        }

        @Override
        public void onClosed(StoreException cause) {
            if (cause == null) {
                return; // the store is closing
            }
            Watch lost;
            synchronized (lock) {
                if (gen != generation || stopped) {
                    return;
                }
                generation++;
                lost = storeWatch;
                storeWatch = null;
                problem = "lost its store watch: " + cause.getMessage();
                cache.lost();
            }
            if (lost != null) {
                lost.close();
            }
            LOG.log(Level.WARNING, "the watch cache of " + registry.type().plural() + " "
                    + problem + "; reloading");
            reloadInBackground();
        }
    }
}
