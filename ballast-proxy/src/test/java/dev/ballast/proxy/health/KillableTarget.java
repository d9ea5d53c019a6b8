package dev.ballast.proxy.health;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP target on 127.0.0.1 that can be killed and restarted on the same port, as a container task is.
 * {@code /health} answers the settable health status; {@code /slow?ms=N} answers after N ms; anything else answers
 * 200 with the target's name. Killing closes the listening socket and every connection (connections busy with a
 * request close once it is answered, as a server does on SIGTERM).
 *
 * <p>Thread-safe.
 */
final class KillableTarget implements AutoCloseable {
    private final String name;
    private final EventLoopGroup group;
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private final Set<Channel> busy = ConcurrentHashMap.newKeySet();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The {@code start} (client nanoTime) of every counted request received, in arrival order. */
    private final List<Long> requestStarts = new CopyOnWriteArrayList<>();
    private volatile int healthStatus = 200;
    private volatile long maxDelayMillis = Long.MAX_VALUE;
    private volatile boolean dying;
    private volatile Channel server;
    private int port;

    KillableTarget(String name, EventLoopGroup group) {
        this.name = name;
        this.group = group;
        start();
    }

    /** Binds (again) on the same port. */
    synchronized void start() {
        dying = false;
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.closeFuture().addListener(f -> connections.remove(ch));
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
                    }
                });
        server = bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Dies as a process under {@code kill -9} does: stops listening and resets every connection at once, busy ones
     * included (their requests are never answered).
     */
    synchronized void killAbruptly() {
        dying = true;
        // One task on the targets' event loop: no answer scheduled on it can slip out while the connections close.
        server.eventLoop().submit(() -> {
            server.close();
            for (Channel ch : connections) {
                ch.config().setOption(ChannelOption.SO_LINGER, 0); // close sends RST, as the kernel does for a dead process
                ch.close();
            }
        }).syncUninterruptibly();
    }

    /** Stops listening and closes every connection (busy ones after their answer). */
    synchronized void kill() {
        dying = true;
        server.close().syncUninterruptibly();
        for (Channel ch : connections) {
            if (!busy.contains(ch)) {
                ch.close().syncUninterruptibly();
            }
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** From now on answers {@code /slow} requests after at most {@code millis}. */
    void capDelays(long millis) {
        maxDelayMillis = millis;
    }

    void healthStatus(int status) {
        healthStatus = status;
    }

    /** Requests answered, health checks excluded. */
    int served() {
        return served.get();
    }

    /** When (client nanoTime) each request this target received was sent, for those that said so. */
    List<Long> requestStarts() {
        return List.copyOf(requestStarts);
    }

    /** Requests being served now, health checks excluded. */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        kill();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (uri.path().equals("/health")) {
                respond(ctx, HttpResponseStatus.valueOf(healthStatus), "health", keepAlive, false);
                return;
            }
            if (uri.parameters().containsKey("start")) {
                requestStarts.add(Long.parseLong(uri.parameters().get("start").get(0)));
            }
            busy.add(ctx.channel());
            inFlight.incrementAndGet();
            long delay = uri.parameters().containsKey("ms")
                    ? Math.min(maxDelayMillis, Long.parseLong(uri.parameters().get("ms").get(0))) : 0;
            Runnable answer = () -> respond(ctx, HttpResponseStatus.OK, name, keepAlive, true);
            if (delay > 0) {
                ctx.executor().schedule(answer, delay, TimeUnit.MILLISECONDS);
            } else {
                answer.run();
            }
        }

        private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean keepAlive,
                             boolean counted) {
            if (counted) {
                busy.remove(ctx.channel());
                inFlight.decrementAndGet();
                served.incrementAndGet();
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            boolean close = !keepAlive || dying;
            if (close) {
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
            }
            var write = ctx.writeAndFlush(response);
            if (close) {
                write.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
