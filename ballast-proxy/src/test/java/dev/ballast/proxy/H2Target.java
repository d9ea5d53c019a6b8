package dev.ballast.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/2 target (Netty, h2c with prior knowledge only, no HTTP/1.1) on 127.0.0.1. Each request is answered
 * with {@code h2 <path>} (padded to {@code responseBytes}) and the trailers {@code x-checksum} (the request body's
 * length) and {@code x-request-trailer} (the request's {@code x-req} trailer, or {@code none}). With
 * {@code holdUntil} it answers no request until that many are open at the same time, which only a client that
 * multiplexes streams can achieve. Remembers what it received and how many connections it accepted.
 */
final class H2Target implements AutoCloseable {
    /** One request as the target read it. */
    record Received(String method, String path, String te, String requestTrailer, long bodyBytes) {}

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final int holdUntil;
    private final int responseBytes;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** Streams waiting for their answer (event loop only). */
    private final List<Runnable> held = new ArrayList<>();

    H2Target(int holdUntil, int responseBytes) {
        this.holdUntil = holdUntil;
        this.responseBytes = responseBytes;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel stream) {
                                stream.pipeline().addLast(new StreamHandler());
                            }
                        }));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    List<Received> received() {
        return received;
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        private Http2Headers request;
        private String trailer = "none";
        private long bodyBytes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                boolean end = false;
                if (msg instanceof Http2HeadersFrame frame) {
                    if (request == null) {
                        request = frame.headers();
                    } else {
                        CharSequence value = frame.headers().get("x-req");
                        trailer = value == null ? "none" : value.toString();
                    }
                    end = frame.isEndStream();
                } else if (msg instanceof Http2DataFrame data) {
                    bodyBytes += data.content().readableBytes();
                    end = data.isEndStream();
                }
                if (end) {
                    requestEnded(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void requestEnded(ChannelHandlerContext ctx) {
            CharSequence te = request.get("te");
            received.add(new Received(request.method().toString(), request.path().toString(),
                    te == null ? null : te.toString(), trailer, bodyBytes));
            held.add(() -> answer(ctx));
            if (held.size() >= holdUntil) {
                List<Runnable> all = new ArrayList<>(held);
                held.clear();
                all.forEach(Runnable::run);
            }
        }

        private void answer(ChannelHandlerContext ctx) {
            byte[] text = ("h2 " + request.path()).getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[Math.max(text.length, responseBytes)];
            System.arraycopy(text, 0, body, 0, text.length);
            ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                    .set("content-type", "text/plain")));
            for (int from = 0; from < body.length; from += 16_384) {
                int length = Math.min(16_384, body.length - from);
                ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body, from, length), false));
            }
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()
                    .set("x-checksum", Long.toString(bodyBytes)).set("x-request-trailer", trailer), true));
        }
    }
}
