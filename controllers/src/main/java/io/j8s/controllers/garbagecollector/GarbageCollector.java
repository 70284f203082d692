package io.j8s.controllers.garbagecollector;

import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Upstream's garbage collector ({@code garbage-collector}). Monitors of every discovered
 * resource (re-discovered every 30 s) build the {@link Graph}; its changes feed two queues:
 * attempt-to-delete, whose sync deletes an object all of whose owners are gone (each owner
 * checked by uid through the API) and finishes foreground deletions, and attempt-to-orphan,
 * whose sync removes an orphaned owner's references from its dependents and then the
 * {@code orphan} finalizer.
 */
public final class GarbageCollector implements Controller {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.garbagecollector");
    static final Duration DISCOVERY_PERIOD = Duration.ofSeconds(30);
    private static final int DELETE_WORKERS = 4;

    private final ApiObjects api;
    private final Graph graph;
    private final Monitors monitors;
    private final List<WorkQueue> attemptToDelete = new ArrayList<>();
    private final WorkQueue attemptToOrphan;
    private final ControllerContext ctx;
    private final DeleteSync syncs;
    private final ScheduledExecutorService discovery;

    public GarbageCollector(ControllerContext ctx) {
        this.ctx = ctx;
        this.api = new ApiObjects(ctx.client());
        this.attemptToOrphan = new WorkQueue("garbagecollector-orphan", this::orphan);
        this.graph = new Graph(this::enqueueDelete, attemptToOrphan::add);
        this.syncs = new DeleteSync(api, graph);
        for (int i = 0; i < DELETE_WORKERS; i++) {
            attemptToDelete.add(new WorkQueue("garbagecollector-delete-" + i,
                    this::delete));
        }
        this.monitors = new Monitors(ctx.client(), graph);
        this.discovery = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("garbagecollector-discovery").factory());
    }

    private void enqueueDelete(String uid) {
        attemptToDelete.get(Math.floorMod(uid.hashCode(), DELETE_WORKERS)).add(uid);
    }

    @Override
    public void start() {
        discovery.execute(() -> {
            discover();
            attemptToDelete.forEach(WorkQueue::start);
            attemptToOrphan.start();
            LOG.info("garbage collector synced: " + graph.size() + " objects in the graph");
        });
        discovery.scheduleWithFixedDelay(this::discover, DISCOVERY_PERIOD.toMillis(),
                DISCOVERY_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void discover() {
        try {
            List<Resource> resources = Discovery.resources(ctx.client());
            api.known(resources);
            monitors.sync(resources);
        } catch (RuntimeException e) {
            LOG.warning("garbage collector: discovery failed, trying again in "
                    + DISCOVERY_PERIOD.toSeconds() + " s: " + e);
        }
    }

    private void delete(String uid) throws Exception {
        syncs.delete(uid);
    }

    private void orphan(String uid) throws Exception {
        syncs.orphan(uid);
    }

    @Override
    public void close() {
        discovery.shutdownNow();
        attemptToDelete.forEach(WorkQueue::close);
        attemptToOrphan.close();
        monitors.close();
    }
}
