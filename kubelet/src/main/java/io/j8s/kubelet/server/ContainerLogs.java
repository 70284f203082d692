package io.j8s.kubelet.server;

import io.j8s.kubelet.server.StreamingBackend.LogOptions;
import io.j8s.kubelet.server.StreamingBackend.LogSink;
import io.j8s.kubelet.server.StreamingBackend.LogsUnavailable;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /containerLogs/<ns>/<pod>/<container>?follow&tailLines&timestamps&previous&sinceSeconds
 * &sinceTime&limitBytes}: the log as chunked text/plain, one chunk per line as the backend writes
 * it, so that a followed log reaches the client line by line; timestamps are RFC 3339 with nine
 * fractional digits, before the line. Errors as the kubelet answers them: 400 for a query it cannot
 * decode, 422 for options that are invalid together, 404 for an unknown pod or container, 400 with
 * the backend's sentence when the container has no log to show.
 */
final class ContainerLogs {
    /** Go's RFC3339NanoFixed, which the kubelet writes timestamps in. */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

    private ContainerLogs() {}

    static void serve(ChannelHandlerContext ctx, FullHttpRequest request, StreamingBackend backend,
            String namespace, String pod, String container, Query query) {
        LogOptions options;
        try {
            options = options(query);
        } catch (NumberFormatException | DateTimeParseException e) {
            PlainText.reply(ctx, HttpResponseStatus.BAD_REQUEST, "{\"message\": \"Unable to decode query.\"}");
            return;
        }
        if (!valid(options, query)) {
            PlainText.reply(ctx, HttpResponseStatus.UNPROCESSABLE_ENTITY, "{\"message\": \"Invalid request.\"}");
            return;
        }
        if (!backend.hasPod(namespace, pod)) {
            PlainText.reply(ctx, HttpResponseStatus.NOT_FOUND, "pod \"" + pod + "\" does not exist");
            return;
        }
        if (!backend.hasContainer(namespace, pod, container)) {
            PlainText.reply(ctx, HttpResponseStatus.NOT_FOUND, "container \"" + container
                    + "\" not found in pod \"" + pod + "\"");
            return;
        }
        Channel channel = ctx.channel();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Thread reader = Thread.ofVirtual().name("logs-" + pod).unstarted(() -> {
            Response response = new Response(channel, options);
            try {
                backend.logs(namespace, pod, container, options, response);
            } catch (LogsUnavailable e) {
                if (!response.started) {
                    PlainText.reply(channel, HttpResponseStatus.BAD_REQUEST, e.getMessage());
                    return;
                }
            } catch (LimitReached e) {
                // limitBytes: the answer ends where the limit is.
            } catch (IOException e) {
                channel.close();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.opened();
            ChannelFuture last = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        });
        reader.start();
        // A client that hangs up ends a followed log even while the container writes nothing.
        channel.closeFuture().addListener(f -> reader.interrupt());
    }

    private static LogOptions options(Query query) {
        Long tailLines = longOrNull(query.first("tailLines"));
        Long limitBytes = longOrNull(query.first("limitBytes"));
        Long sinceSeconds = longOrNull(query.first("sinceSeconds"));
        String sinceTime = query.first("sinceTime");
        Instant since = null;
        if (sinceTime != null && !sinceTime.isEmpty()) {
            since = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(sinceTime, Instant::from);
        } else if (sinceSeconds != null && sinceSeconds > 0) {
            since = Instant.now().minusSeconds(sinceSeconds);
        }
        return new LogOptions(query.flag("follow"), tailLines, query.flag("timestamps"),
                query.flag("previous"), since, limitBytes);
    }

    /** What the kubelet's ValidatePodLogOptions checks. */
    private static boolean valid(LogOptions options, Query query) {
        Long sinceSeconds = longOrNull(query.first("sinceSeconds"));
        String sinceTime = query.first("sinceTime");
        if (options.tailLines() != null && options.tailLines() < 0) {
            return false;
        }
        if (options.limitBytes() != null && options.limitBytes() < 1) {
            return false;
        }
        if (sinceSeconds != null && sinceSeconds < 1) {
            return false;
        }
        return sinceSeconds == null || sinceTime == null || sinceTime.isEmpty();
    }

    private static Long longOrNull(String value) {
        return value == null || value.isEmpty() ? null : Long.parseLong(value);
    }

    /** limitBytes reached: the backend stops, the answer ends normally. */
    private static final class LimitReached extends IOException {
        LimitReached() {
            super("limitBytes reached");
        }
    }

    /** The chunked answer: its head once the log exists, then one chunk per line. */
    private static final class Response implements LogSink {
        private final Channel channel;
        private final LogOptions options;
        private long remaining;
        private volatile boolean started;

        Response(Channel channel, LogOptions options) {
            this.channel = channel;
            this.options = options;
            this.remaining = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
        }

        @Override
        public synchronized void opened() {
            if (!started) {
                started = true;
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                HttpUtil.setTransferEncodingChunked(head, true);
                channel.writeAndFlush(head);
            }
        }

        @Override
        public synchronized void line(Instant at, String line) throws IOException {
            if (!channel.isActive()) {
                throw new IOException("client went away");
            }
            opened();
            String text = (options.timestamps() ? TIMESTAMP.format(at) + " " : "") + line + "\n";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(bytes.length, remaining);
            remaining -= n;
            if (n > 0) {
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes, 0, n)));
            }
            if (remaining == 0) {
                throw new LimitReached();
            }
        }
    }
}
