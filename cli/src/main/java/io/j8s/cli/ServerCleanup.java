package io.j8s.cli;

import io.j8s.kubelet.network.BlackholeRoutes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code j8s server --cleanup}: undoes what a server and its agent leave on the machine, step by
 * step, each step on its own (one that fails is reported and the others still run). Add a step
 * here for everything the agent sets up outside the data directory.
 */
final class ServerCleanup {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");

    /** One thing to undo: a name for the log, and the action. */
    record Step(String name, Action action) {}

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private ServerCleanup() {}

    /** The steps, in the order they run. */
    static List<Step> steps(Path dataDir, String clusterCidr, String serviceCidr) {
        return List.of(
                new Step("blackhole routes for " + clusterCidr + " and " + serviceCidr,
                        () -> BlackholeRoutes.of(clusterCidr, serviceCidr).remove()));
    }

    /**
     * Runs every step.
     *
     * @return the names of the steps that failed (empty when all went well)
     */
    static List<String> run(List<Step> steps) {
        List<String> failed = new ArrayList<>();
        for (Step step : steps) {
            try {
                step.action().run();
                LOG.info("cleanup: " + step.name() + ": done");
            } catch (Exception e) {
                LOG.warning("cleanup: " + step.name() + " failed: " + e.getMessage());
                failed.add(step.name());
            }
        }
        return failed;
    }
}
