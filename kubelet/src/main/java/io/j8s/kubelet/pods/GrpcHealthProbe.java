package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.GRPCAction;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.j8s.kubelet.pods.health.HealthCheckRequest;
import io.j8s.kubelet.pods.health.HealthCheckResponse;
import io.j8s.kubelet.pods.health.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code grpc} probe: gRPC's health Check of {@code service} on the pod IP and port, over
 * plaintext as upstream's, SERVING or a failure with upstream's wording.
 */
final class GrpcHealthProbe {
    private GrpcHealthProbe() {}

    static Handlers.Result check(GRPCAction grpc, String podIp, Duration timeout) {
        String target = podIp + ":" + grpc.getPort();
        ManagedChannel channel = NettyChannelBuilder.forAddress(podIp, grpc.getPort())
                .usePlaintext().build();
        try {
            HealthCheckResponse reply = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder()
                            .setService(grpc.getService() == null ? "" : grpc.getService()).build());
            if (reply.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                return Handlers.Result.ok("");
            }
            return Handlers.Result.failed("service unhealthy (responded with \""
                    + reply.getStatus().name() + "\")");
        } catch (StatusRuntimeException e) {
            return switch (e.getStatus().getCode()) {
                case DEADLINE_EXCEEDED -> Handlers.Result.failed("timeout: health rpc did not"
                        + " complete within " + timeout.toSeconds() + "s");
                case UNAVAILABLE -> Handlers.Result.failed("timeout: failed to connect service \""
                        + target + "\" within " + timeout.toSeconds() + "s: "
                        + e.getStatus().getDescription());
                case UNIMPLEMENTED -> Handlers.Result.failed("error: this server does not"
                        + " implement the grpc health protocol (grpc.health.v1.Health): "
                        + e.getStatus().getDescription());
                default -> Handlers.Result.failed("error: health rpc failed: "
                        + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            };
        } finally {
            channel.shutdownNow();
        }
    }
}
