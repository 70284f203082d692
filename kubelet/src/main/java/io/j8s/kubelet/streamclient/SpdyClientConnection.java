package io.j8s.kubelet.streamclient;

import io.j8s.kubelet.streams.InboundPipe;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client end of a SPDY/3.1 session as Kubernetes' httpstream uses it, once
 * {@link SpdyUpgrade} has turned the HTTP connection into one: streams the client opens (SYN_STREAM with headers such as {@code streamtype}), each
 * answered by a SYN_REPLY, carrying DATA until FIN. No flow control, as in Go's spdystream on
 * the other end: it sends no window updates and ignores ours. Data may only follow the reply:
 * spdystream drops DATA on a stream it has not replied to yet.
 */
final class SpdyClientConnection extends ChannelInboundHandlerAdapter implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 30;

    private final Channel channel;
    private final String protocol;
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private int nextId = 1;

    SpdyClientConnection(Channel channel, String protocol) {
        this.channel = channel;
        this.protocol = protocol;
    }

    /** The protocol the server chose (X-Stream-Protocol-Version of its 101). */
    String protocol() {
        return protocol;
    }

    /** Opens a stream with these headers; names are sent in lower case, as SPDY wants. */
    synchronized Stream openStream(Map<String, String> headers) {
        Stream stream = new Stream(nextId);
        nextId += 2;
        streams.put(stream.id, stream);
        DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(stream.id, 0, (byte) 0);
        headers.forEach((k, v) -> syn.headers().set(k.toLowerCase(java.util.Locale.ROOT), v));
        channel.writeAndFlush(syn);
        return stream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SpdySynReplyFrame reply) {
                Stream stream = streams.get(reply.streamId());
                if (stream != null) {
                    stream.replied.complete(true);
                }
            } else if (msg instanceof SpdyDataFrame data) {
                received(data);
            } else if (msg instanceof SpdyRstStreamFrame rst) {
                Stream stream = streams.remove(rst.streamId());
                if (stream != null) {
                    stream.writeClosed.set(true);
                    stream.replied.complete(false);
                    stream.input.end();
                }
            } else if (msg instanceof SpdyPingFrame ping) {
                ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
            } else if (msg instanceof SpdyGoAwayFrame) {
                ctx.close();
            }
            // SETTINGS and WINDOW_UPDATE need no answer.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void received(SpdyDataFrame data) {
        Stream stream = streams.get(data.streamId());
        if (stream != null) {
            stream.input.offer(ByteBufUtil.getBytes(data.content()));
            if (data.isLast()) {
                stream.input.end();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        streams.values().forEach(s -> {
            s.writeClosed.set(true);
            s.replied.complete(false);
            s.input.end();
        });
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One stream this end opened. */
    final class Stream {
        private final int id;
        private final InboundPipe input = new InboundPipe();
        private final AtomicBoolean writeClosed = new AtomicBoolean();
        /** True once the server replied; false if the stream was reset or the connection ended first. */
        private final CompletableFuture<Boolean> replied = new CompletableFuture<>();

        private Stream(int id) {
            this.id = id;
        }

        /** What the server sends on this stream, to its FIN. */
        InboundPipe input() {
            return input;
        }

        /** Waits for the server's SYN_REPLY (or the end of the connection). */
        void awaitReply() throws IOException, InterruptedException {
            boolean accepted;
            try {
                accepted = replied.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                accepted = false;
            }
            // A reply counts even if the connection has ended since: a quick command may be over.
            if (!accepted) {
                throw new IOException("the server did not accept stream " + id);
            }
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            if (writeClosed.get() || !channel.isActive()) {
                throw new IOException("stream " + id + " is closed");
            }
            ChannelFuture written = channel.writeAndFlush(new DefaultSpdyDataFrame(id,
                    Unpooled.copiedBuffer(bytes, offset, length)));
            if (!channel.isWritable()) {
                try {
                    written.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while writing stream " + id);
                }
            }
        }

        /** Sends FIN: the server reads end of file on this stream. */
        void closeWrite() {
            if (writeClosed.compareAndSet(false, true) && channel.isActive()) {
                DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
                fin.setLast(true);
                channel.writeAndFlush(fin);
            }
        }

        OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    Stream.this.write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len > 0) {
                        Stream.this.write(b, off, len);
                    }
                }

                @Override
                public void close() {
                    closeWrite();
                }
            };
        }
    }
}
