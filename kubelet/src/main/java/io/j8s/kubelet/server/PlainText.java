package io.j8s.kubelet.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The kubelet's error answers: a status code and one line of text (its handlers use Go's
 * http.Error). The connection stays open, as Go's does: closing it straight after the write
 * could reset it and lose the answer before the client had read it, when the client had sent
 * more than the server read. A client that asked for close closes it itself.
 */
final class PlainText {
    private PlainText() {}

    static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        reply(ctx.channel(), status, message);
    }

    static void reply(Channel channel, HttpResponseStatus status, String message) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        channel.writeAndFlush(response);
    }
}
