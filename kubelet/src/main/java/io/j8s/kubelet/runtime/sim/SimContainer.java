package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.ContainerConfig;
import io.j8s.kubelet.runtime.ContainerStatus;
import io.j8s.kubelet.runtime.ContainerStatus.State;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * One sim container. It has no process: a container told to exit after S seconds is exited as
 * soon as anybody looks at it at or after that instant, with the exit time it would have had.
 */
final class SimContainer {
    final String id;
    final SimSandbox sandbox;
    final ContainerConfig config;
    final String imageRef;
    final Instant createdAt;
    final Path logPath;
    private State state = State.CREATED;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant exitAt;
    private int exitCode;
    private String reason = "";
    private ScheduledFuture<?> logging;

    SimContainer(String id, SimSandbox sandbox, ContainerConfig config, String imageRef,
            Instant createdAt, Path logPath) {
        this.id = id;
        this.sandbox = sandbox;
        this.config = config;
        this.imageRef = imageRef;
        this.createdAt = createdAt;
        this.logPath = logPath;
    }

    synchronized void start(Instant now) {
        state = State.RUNNING;
        startedAt = now;
        SimSandbox.ExitAfter exit = sandbox.exitAfter;
        if (exit != null) {
            exitAt = now.plus(exit.after());
            exitCode = exit.exitCode();
        }
    }

    /** The periodic log lines of {@link SimLogs#every}, ended with the container. */
    synchronized void logging(ScheduledFuture<?> task) {
        logging = task;
    }

    synchronized void stopLogging() {
        if (logging != null) {
            logging.cancel(false);
            logging = null;
        }
    }

    /** Ends the container now (a stop): 137, as a main process killed by SIGKILL. */
    synchronized void stop(Instant now) {
        if (state(now) == State.RUNNING) {
            exit(now, 137);
        } else if (state == State.CREATED) {
            exit(now, 0);
        }
    }

    synchronized State state(Instant now) {
        if (state == State.RUNNING && exitAt != null && !now.isBefore(exitAt)) {
            exit(exitAt, exitCode);
        }
        return state;
    }

    private void exit(Instant at, int code) {
        state = State.EXITED;
        finishedAt = at;
        exitCode = code;
        reason = code == 0 ? "Completed" : "Error";
        exitAt = null;
        stopLogging();
    }

    synchronized ContainerStatus status(Instant now) {
        State current = state(now);
        return new ContainerStatus(id, sandbox.id, config.name(), config.attempt(), current,
                createdAt, startedAt, finishedAt, current == State.EXITED ? exitCode : 0,
                current == State.EXITED ? reason : "", "", config.image(), imageRef,
                logPath.toString(), config.labels(), config.annotations());
    }
}
