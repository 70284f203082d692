package io.j8s.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GRPCAction;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.j8s.kubelet.pods.health.HealthCheckRequest;
import io.j8s.kubelet.pods.health.HealthCheckResponse;
import io.j8s.kubelet.pods.health.HealthCheckResponse.ServingStatus;
import io.j8s.kubelet.pods.health.HealthGrpc;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** grpc probes against a real gRPC server on loopback that serves the health protocol. */
class GrpcHealthProbeTest {
    private static Server server;

    @BeforeAll
    static void serve() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new HealthGrpc.HealthImplBase() {
                    @Override
                    public void check(HealthCheckRequest request,
                            StreamObserver<HealthCheckResponse> reply) {
                        ServingStatus status = request.getService().equals("draining")
                                ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
                        reply.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
                        reply.onCompleted();
                    }
                }).build().start();
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    // generous: the first probe of the JVM loads gRPC and Netty, which took over 1 s under load;
    // a refused port fails at once whatever the timeout
    private static Handlers.Result probe(int port, String service) {
        return GrpcHealthProbe.check(new GRPCAction(port, service), "127.0.0.1",
                Duration.ofSeconds(20));
    }

    @Test
    void aServingServiceSucceedsAndANotServingOneFailsWithItsStatus() {
        assertThat(probe(server.getPort(), null).success()).isTrue();
        Handlers.Result draining = probe(server.getPort(), "draining");
        assertThat(draining.success()).isFalse();
        assertThat(draining.output()).isEqualTo("service unhealthy (responded with \"NOT_SERVING\")");
    }

    @Test
    void aPortWithNothingBehindItFailsToConnect() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Handlers.Result r = probe(closed, "");
        assertThat(r.success()).isFalse();
        assertThat(r.output()).startsWith("timeout: failed to connect service \"127.0.0.1:"
                + closed + "\" within 20s");
    }
}
