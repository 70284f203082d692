package io.j8s.kubelet.server;

import io.j8s.kubelet.streams.InboundPipe;
import io.j8s.kubelet.runtime.ProcessStreams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.OutputStream;

/**
 * Exec and attach over WebSocket, subprotocols v4.channel.k8s.io and v5.channel.k8s.io: every
 * binary message starts with a channel byte (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize); v5
 * adds 255, "close channel n", which is how the client ends stdin. The result goes to channel 3 as
 * a Status, then the server closes the WebSocket.
 */
final class WebSocketRemoteCommand extends ChannelInboundHandlerAdapter {
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    static final int CLOSE = 255;

    private final RemoteCommand request;
    private final InboundPipe stdin;
    private volatile Channel channel;

    WebSocketRemoteCommand(RemoteCommand request) {
        this.request = request;
        this.stdin = request.stdin() ? new InboundPipe() : null;
    }

    /** Runs the command; called once the handshake response is on its way. */
    void start(Channel ch) {
        this.channel = ch;
        Thread.ofVirtual().name("ws-exec-" + request.command()).start(this::run);
    }

    private void run() {
        OutputStream out = request.stdout() ? channelOutput(STDOUT) : OutputStream.nullOutputStream();
        OutputStream err = request.stderr() && !request.tty() ? channelOutput(STDERR) : null;
        CommandResult result = request.run(new ProcessStreams(stdin, out, err, request.tty()));
        write(ERROR, result.encode(true));
        channel.writeAndFlush(new CloseWebSocketFrame(1000, ""))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void write(int channelNumber, byte[] bytes) {
        ByteBuf frame = Unpooled.buffer(bytes.length + 1).writeByte(channelNumber).writeBytes(bytes);
        channel.writeAndFlush(new BinaryWebSocketFrame(frame));
    }

    private OutputStream channelOutput(int channelNumber) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                WebSocketRemoteCommand.this.write(channelNumber, new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                byte[] copy = new byte[len];
                System.arraycopy(b, off, copy, 0, len);
                WebSocketRemoteCommand.this.write(channelNumber, copy);
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame frame) {
                received(ByteBufUtil.getBytes(frame.content()));
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame) {
                endStdin();
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void received(byte[] message) {
        if (message.length == 0) {
            return;
        }
        int channelNumber = message[0] & 0xff;
        if (channelNumber == STDIN && stdin != null) {
            byte[] data = new byte[message.length - 1];
            System.arraycopy(message, 1, data, 0, data.length);
            stdin.offer(data);
        } else if (channelNumber == CLOSE && message.length > 1 && (message[1] & 0xff) == STDIN) {
            endStdin();
        }
        // RESIZE: a fake terminal has no size to change.
    }

    private void endStdin() {
        if (stdin != null) {
            stdin.end();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endStdin();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
