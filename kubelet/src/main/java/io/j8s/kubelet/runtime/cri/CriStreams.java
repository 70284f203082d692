package io.j8s.kubelet.runtime.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.j8s.kubelet.runtime.CommandFailure;
import io.j8s.kubelet.runtime.ExecResult;
import io.j8s.kubelet.runtime.PortConnection;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.j8s.kubelet.runtime.StreamingClient;
import io.j8s.kubelet.runtime.cri.v1.AttachRequest;
import io.j8s.kubelet.runtime.cri.v1.AttachResponse;
import io.j8s.kubelet.runtime.cri.v1.ExecRequest;
import io.j8s.kubelet.runtime.cri.v1.ExecResponse;
import io.j8s.kubelet.runtime.cri.v1.ExecSyncRequest;
import io.j8s.kubelet.runtime.cri.v1.ExecSyncResponse;
import io.j8s.kubelet.runtime.cri.v1.PortForwardRequest;
import io.j8s.kubelet.runtime.cri.v1.PortForwardResponse;
import io.j8s.kubelet.runtime.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * CRI's ExecSync, and Exec, Attach and PortForward, which answer with a URL to containerd's
 * streaming server that the {@link StreamingClient} then speaks to.
 */
final class CriStreams {
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    private final Function<Duration, RuntimeServiceBlockingStub> runtime;
    private final StreamingClient streaming;

    CriStreams(Function<Duration, RuntimeServiceBlockingStub> runtime, StreamingClient streaming) {
        this.runtime = runtime;
        this.streaming = streaming;
    }

    /** A command run to its end; one that outlives {@code timeout} comes back as timed out. */
    ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        try {
            ExecSyncResponse r = runtime.apply(timeout.plusSeconds(10)).execSync(ExecSyncRequest.newBuilder()
                    .setContainerId(containerId).addAllCmd(command).setTimeout(seconds).build());
            return new ExecResult(r.getExitCode(), r.getStdout().toByteArray(), r.getStderr().toByteArray(), false);
        } catch (StatusRuntimeException e) {
            // containerd: "failed to exec in container: timeout 1s exceeded: context deadline exceeded"
            String description = String.valueOf(e.getStatus().getDescription());
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
                    || description.contains("timeout") && description.contains("exceeded")) {
                return new ExecResult(-1, new byte[0], description.getBytes(StandardCharsets.UTF_8), true);
            }
            throw CriErrors.failure("ExecSync", e);
        }
    }

    int exec(String containerId, List<String> command, ProcessStreams io)
            throws IOException, InterruptedException, CommandFailure {
        ExecResponse r = CriErrors.call("Exec", () -> runtime.apply(CALL_TIMEOUT).exec(ExecRequest.newBuilder()
                .setContainerId(containerId).addAllCmd(command).setTty(io.tty())
                .setStdin(io.stdin() != null).setStdout(io.stdout() != null)
                .setStderr(io.stderr() != null && !io.tty()).build()));
        return client().remoteCommand(URI.create(r.getUrl()), io);
    }

    int attach(String containerId, ProcessStreams io) throws IOException, InterruptedException, CommandFailure {
        AttachResponse r = CriErrors.call("Attach", () -> runtime.apply(CALL_TIMEOUT).attach(AttachRequest.newBuilder()
                .setContainerId(containerId).setTty(io.tty())
                .setStdin(io.stdin() != null).setStdout(io.stdout() != null)
                .setStderr(io.stderr() != null && !io.tty()).build()));
        return client().remoteCommand(URI.create(r.getUrl()), io);
    }

    PortConnection portForward(String sandboxId, int port) throws IOException {
        PortForwardResponse r = CriErrors.call("PortForward", () -> runtime.apply(CALL_TIMEOUT).portForward(
                PortForwardRequest.newBuilder().setPodSandboxId(sandboxId).addPort(port).build()));
        return client().portForward(URI.create(r.getUrl()), port);
    }

    private StreamingClient client() throws IOException {
        if (streaming == null) {
            throw new IOException("no streaming client was given to the cri runtime, so it cannot carry"
                    + " exec, attach or port-forward streams");
        }
        return streaming;
    }
}
