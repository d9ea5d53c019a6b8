package dev.ballast.api.http;

import dev.ballast.api.acm.AcmService;
import dev.ballast.api.auth.SigV4Verifier;
import dev.ballast.api.console.ConsoleFiles;
import dev.ballast.api.ecs.EcsService;
import dev.ballast.api.route53.Route53Service;
import dev.ballast.api.servicediscovery.CloudMapService;
import dev.ballast.api.query.QueryDispatcher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API's HTTP/1.1 endpoint on Netty: AWS Query requests ({@code POST /} form bodies and {@code GET /?…})
 * go to the {@link QueryDispatcher}, AWS JSON 1.1 requests with an ECS {@code X-Amz-Target} to the
 * {@link EcsService}, {@code GET /ping} answers {@code ok}, {@code GET /console} serves the web console's
 * {@link ConsoleFiles}. When a {@link SigV4Verifier} is given
 * every Query request must be signed. The {@link ApiEndpointLimits} bound what one connection, and all of them,
 * can hold: slow and idle connections cost a socket and a few timers, never a thread.
 *
 * <p>Thread-safe: one event loop thread of its own (not the proxy's) does all socket work; API actions run on a
 * small bounded dispatch pool, because they commit to the store. Start and close once.
 */
public final class ApiHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiHttpServer.class);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final ThreadPoolExecutor dispatch;
    private final ApiRequestAnswerer answerer;

    private ApiHttpServer(EventLoopGroup group, Channel serverChannel, ChannelGroup connections,
                          ThreadPoolExecutor dispatch, ApiRequestAnswerer answerer) {
        this.answerer = answerer;
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.dispatch = dispatch;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving within {@code limits}.
     *
     * @param verifier null to accept any credentials
     * @throws IOException when the address cannot be bound
     */
    public static ApiHttpServer start(InetSocketAddress address, QueryDispatcher dispatcher, SigV4Verifier verifier,
                                      String errorNamespace, ApiEndpointLimits limits) throws IOException {
        return start(address, dispatcher, null, null, null, null, null, verifier, errorNamespace, limits);
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving the Query APIs, the ECS and Cloud Map
     * APIs (AWS JSON 1.1) and the Route 53 API (REST-XML under {@code /2013-04-01/}) within {@code limits}.
     *
     * @param ecs null when this endpoint does not serve ECS
     * @param route53 null when this endpoint does not serve Route 53
     * @param cloudMap null when this endpoint does not serve Cloud Map
     * @param acm null when this endpoint does not serve ACM ({@code CertificateManager.*}, AWS JSON 1.1)
     * @param metrics null when this endpoint serves no {@code GET /metrics} page (unsigned)
     * @param verifier null to accept any credentials
     * @throws IOException when the address cannot be bound
     */
    public static ApiHttpServer start(InetSocketAddress address, QueryDispatcher dispatcher, EcsService ecs,
                                      Route53Service route53, CloudMapService cloudMap, AcmService acm,
                                      MetricsPage metrics, SigV4Verifier verifier,
                                      String errorNamespace, ApiEndpointLimits limits) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor dispatch = new ThreadPoolExecutor(limits.dispatchThreads(), limits.dispatchThreads(),
                0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.dispatchQueue()), r -> {
                    Thread t = new Thread(r, "ballast-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ballast-api-io", true),
                NioIoHandler.newFactory());
        ApiRequestAnswerer answerer = new ApiRequestAnswerer(dispatcher, ecs, route53, cloudMap, acm, metrics,
                verifier, errorNamespace);
        EndpointResponder responder = new EndpointResponder(errorNamespace);
        ConsoleFiles consoleFiles = ConsoleFiles.fromClasspath();
        ConnectionCap cap = new ConnectionCap(limits.maxConnections());
        ChannelGroup connections = new DefaultChannelGroup(group.next());
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(ApiEndpointLimits.MAX_REQUEST_LINE_BYTES)
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        RequestArrivalGuard guard = new RequestArrivalGuard(limits, responder);
                        ch.pipeline().addLast(cap, guard, new HttpRequestDecoder(decoding),
                                new FlowControlHandler(),
                                new ApiFrontendHandler(limits, guard, responder, answerer, dispatch, consoleFiles));
                    }
                });
        ChannelFuture bind = bootstrap.bind(address).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            dispatch.shutdownNow();
            throw new IOException("bind " + address + ": " + bind.cause().getMessage(), bind.cause());
        }
        Channel channel = bind.channel();
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        log.info("API listening on http://{}:{}", address.getHostString(), bound.getPort());
        return new ApiHttpServer(group, channel, connections, dispatch, answerer);
    }

    /**
     * Answers {@code GET <path>} with the JSON {@code body} supplies at that moment (a Ballast status page such as
     * {@code /ballast/labels}; unsigned, like {@code /ping}).
     */
    public void serveJson(String path, Supplier<String> body) {
        answerer.serveJson(path, body);
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes every connection and ends the threads. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        // Closed while the event loop runs, so that every connection's handlers see it close and free its buffers.
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        dispatch.shutdown();
        try {
            if (!dispatch.awaitTermination(5, TimeUnit.SECONDS)) {
                dispatch.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
