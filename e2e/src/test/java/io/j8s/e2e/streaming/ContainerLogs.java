package io.j8s.e2e.streaming;

import io.j8s.e2e.streaming.StreamingBackend.LogOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * {@code GET /containerLogs/<ns>/<pod>/<container>?tailLines=&timestamps=&follow=}: the log as
 * chunked text/plain, one chunk per line as the backend writes it, so that a followed log reaches
 * the client line by line; timestamps are RFC 3339 with nanoseconds, before the line.
 */
final class ContainerLogs {
    private ContainerLogs() {}

    static void serve(ChannelHandlerContext ctx, FullHttpRequest request, StreamingBackend backend,
            String namespace, String pod, String container, Query query) {
        Long tailLines = null;
        String tail = query.first("tailLines");
        if (tail != null) {
            try {
                tailLines = Long.parseLong(tail);
            } catch (NumberFormatException e) {
                tailLines = -1L;
            }
            if (tailLines < 0) {
                PlainText.reply(ctx, HttpResponseStatus.BAD_REQUEST, "tailLines: Invalid value: \""
                        + tail + "\": must be greater than or equal to 0");
                return;
            }
        }
        if (!backend.hasContainer(namespace, pod, container)) {
            PlainText.reply(ctx, HttpResponseStatus.NOT_FOUND, "container \"" + container
                    + "\" in pod \"" + pod + "\" is not available");
            return;
        }
        LogOptions options = new LogOptions(query.flag("follow"), tailLines, query.flag("timestamps"));
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        Channel channel = ctx.channel();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Thread.ofVirtual().name("logs-" + pod).start(() -> {
            try {
                backend.logs(namespace, pod, container, options, (at, line) -> {
                    if (!channel.isActive()) {
                        throw new IOException("client went away");
                    }
                    String text = (options.timestamps()
                            ? DateTimeFormatter.ISO_INSTANT.format(at) + " " : "") + line + "\n";
                    channel.writeAndFlush(new DefaultHttpContent(
                            Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
                });
            } catch (IOException e) {
                channel.close();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ChannelFuture last = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        });
    }
}
