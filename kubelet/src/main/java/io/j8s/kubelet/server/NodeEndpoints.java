package io.j8s.kubelet.server;

import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.kubelet.pods.NodePods;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The kubelet's endpoints that are not streams: {@code /healthz}, {@code /pods} (a PodList of
 * the pods bound to this node), {@code /metrics} and {@code /stats/summary}. Everything else goes
 * on to the streaming routes. Answers that ask the runtime or read files are made on a virtual
 * thread.
 */
@ChannelHandler.Sharable
final class NodeEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final NodePods pods;
    private final KubeletMetrics metrics;
    private final NodeSummary summary;

    NodeEndpoints(NodePods pods, KubeletMetrics metrics, NodeSummary summary) {
        super(false);
        this.pods = pods;
        this.metrics = metrics;
        this.summary = summary;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        switch (path) {
            case "/healthz" -> answer(ctx, request, "text/plain; charset=utf-8", () -> "ok");
            case "/pods", "/pods/" -> answer(ctx, request, "application/json", () ->
                    Serialization.asJson(new PodListBuilder().withNewMetadata().endMetadata()
                            .withItems(pods.pods()).build()));
            case "/metrics" -> answer(ctx, request, "text/plain; version=0.0.4; charset=utf-8",
                    metrics::scrape);
            case "/stats/summary", "/stats/summary/" -> answer(ctx, request, "application/json",
                    summary::json);
            default -> ctx.fireChannelRead(request);
        }
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpRequest request, String type,
            Supplier<String> body) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        request.release();
        Channel channel = ctx.channel();
        Thread.ofVirtual().name("kubelet-endpoint").start(() -> {
            FullHttpResponse response;
            try {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer(body.get(), StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            } catch (RuntimeException e) {
                PlainText.reply(channel, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "Internal Error: " + e.getMessage());
                return;
            }
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = channel.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        });
    }
}
