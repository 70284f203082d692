package io.j8s.kubelet.server;

import io.j8s.kubelet.streams.InboundPipe;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server end of a SPDY/3.1 session as Kubernetes' httpstream uses it: the client opens every
 * stream (SYN_STREAM with headers such as {@code streamType}), the server answers each with a
 * SYN_REPLY and then both sides send DATA until FIN. Sits after Netty's SPDY frame codec; flow
 * control is not enforced (the peers here exchange little data).
 */
final class SpdyConnection extends ChannelInboundHandlerAdapter {

    /** What the session does with the streams the client opens. */
    interface StreamAcceptor {
        void accept(SpdyConnection connection, Stream stream);
    }

    private final StreamAcceptor acceptor;
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private volatile Channel channel;

    SpdyConnection(StreamAcceptor acceptor) {
        this.acceptor = acceptor;
    }

    /** Closes the connection once {@code lastWrite} (and so everything before it) is written. */
    void closeAfter(ChannelFuture lastWrite) {
        lastWrite.addListener(f -> channel.close());
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SpdySynStreamFrame syn) {
                opened(ctx, syn);
            } else if (msg instanceof SpdyDataFrame data) {
                Stream stream = streams.get(data.streamId());
                if (stream != null) {
                    stream.input.offer(ByteBufUtil.getBytes(data.content()));
                    if (data.isLast()) {
                        stream.input.end();
                    }
                }
            } else if (msg instanceof SpdyRstStreamFrame rst) {
                Stream stream = streams.remove(rst.streamId());
                if (stream != null) {
                    stream.writeClosed.set(true);
                    stream.input.end();
                }
            } else if (msg instanceof SpdyPingFrame ping) {
                ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
            } else if (msg instanceof SpdyGoAwayFrame) {
                ctx.close();
            }
            // SETTINGS and WINDOW_UPDATE need no answer here.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void opened(ChannelHandlerContext ctx, SpdySynStreamFrame syn) {
        Map<String, String> headers = new HashMap<>();
        syn.headers().iteratorAsString().forEachRemaining(
                h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        Stream stream = new Stream(syn.streamId(), headers);
        if (streams.putIfAbsent(stream.id, stream) != null) {
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(stream.id, SpdyStreamStatus.STREAM_IN_USE));
            return;
        }
        // A reply with an empty header block is valid SPDY, but Netty then writes no compressed
        // block at all, which Go's framer cannot read: echo the stream type back.
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(stream.id);
        reply.headers().set("streamtype", headers.getOrDefault("streamtype", ""));
        ctx.writeAndFlush(reply);
        if (syn.isLast()) {
            stream.input.end();
        }
        acceptor.accept(this, stream);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        streams.values().forEach(s -> {
            s.writeClosed.set(true);
            s.input.end();
        });
        streams.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** One stream: its headers, what the client sent on it, and a way to write back. */
    final class Stream {
        private final int id;
        private final Map<String, String> headers;
        private final InboundPipe input = new InboundPipe();
        private final AtomicBoolean writeClosed = new AtomicBoolean();

        private Stream(int id, Map<String, String> headers) {
            this.id = id;
            this.headers = headers;
        }

        /** A header the client set when it opened the stream (names are case-insensitive). */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        InboundPipe input() {
            return input;
        }

        void write(byte[] bytes) {
            if (bytes.length > 0 && !writeClosed.get()) {
                channel.writeAndFlush(new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(bytes)));
            }
        }

        /** Sends FIN: the client reads end of file on this stream. */
        ChannelFuture closeWrite() {
            if (writeClosed.compareAndSet(false, true)) {
                DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
                fin.setLast(true);
                return channel.writeAndFlush(fin);
            }
            return channel.newSucceededFuture();
        }

        OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    Stream.this.write(new byte[] {(byte) b});
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    byte[] copy = new byte[len];
                    System.arraycopy(b, off, copy, 0, len);
                    Stream.this.write(copy);
                }

                @Override
                public void close() {
                    closeWrite();
                }
            };
        }
    }
}
