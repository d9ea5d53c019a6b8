package dev.ballast.proxy;

import dev.ballast.core.balancing.Selection;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.routing.HttpRequestView;
import dev.ballast.core.routing.RoutingTable;
import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Client side of the HTTP data plane: one per HTTP/1.x client connection, or one per HTTP/2 stream (then the
 * stream's channel is the "connection": {@link Http2FrontendPipeline}). Reads requests one at a time, routes each with
 * the listener configuration current when its head arrives, answers locally (errors, redirects, fixed responses)
 * or streams it to a target chosen by the {@link dev.ballast.core.balancing.TargetSelector}, and streams the
 * target's response back: to an HTTP/1.1 client as the target's bytes with ALB's edits ({@link ResponseHead}), to
 * an HTTP/2 stream as HEADERS and DATA frames made from them, to an HTTP/1.0 client (and from an HTTP/2 target) as
 * objects its encoder re-frames. Bodies pass through as the buffers read;
 * backpressure toggles auto-read on the other side when a side stops being writable. After a WebSocket 101 both
 * connections become a byte tunnel.
 *
 * <p>Not thread-safe: runs on the client connection's event loop, which is also the loop of its target
 * connections.
 */
final class HttpFrontendHandler extends ChannelInboundHandlerAdapter implements ConnectionDeadlines.Watched {
    static final String NAME = "frontend";
    static final String CODEC = "frontend-codec";
    /** Why a connection to a target the security groups' outbound rules do not allow was not made. */
    private static final java.net.ConnectException EGRESS_BLOCKED = new java.net.ConnectException(
            "no outbound rule of the load balancer's security groups allows the target");
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    /** Room for the headers added to a forwarded head (X-Forwarded-*, X-Amzn-Trace-Id, Connection). */
    private static final int FORWARDED_HEADERS_SIZE = 256;

    private final ListenerBinding binding;
    private final ProxyContext proxy;
    /** The HTTP/1.x codec of the connection, or null on an HTTP/2 stream (whose codec frames responses itself). */
    private final FrontendHttpCodec codec;
    private final ClientTrafficCounter traffic;
    /** Messages that arrived while the current exchange cannot take them (connecting, or a pipelined request). */
    // sized for the usual one message at a time (a connection is often one request): it grows if a client pipelines
    private final ArrayDeque<Object> pending = new ArrayDeque<>(2);

    private ChannelHandlerContext ctx;
    /** The context of the HTTP/1.x codec, found when the first response goes out as bytes. */
    private ChannelHandlerContext clientBytes;
    /** The client end of this connection, known from the first request on. */
    private ClientAddress client;
    private Exchange exchange;
    private Channel tunnelPeer;
    private boolean closing;
    private boolean backendFlushNeeded;
    private boolean clientFlushNeeded;
    private long lastActivityNanos;
    /** The idle timeout's checks by the event loop's {@link ConnectionDeadlines}; null when not registered. */
    private ConnectionDeadlines.Registration idleCheck;
    private boolean started;
    /** What the framing guard found in the head the decoder is about to deliver. */
    private HeadVerdict verdict;
    /** The metrics of the load balancer that accepted this connection. */
    private LoadBalancerMetrics metrics;
    /** The access log of this connection's exchanges (null until a logged exchange needs it). */
    private ConnectionAccessLog accessLog;

    HttpFrontendHandler(ListenerBinding binding, ProxyContext proxy, FrontendHttpCodec codec,
                        ClientTrafficCounter traffic) {
        this.binding = binding;
        this.proxy = proxy;
        this.codec = codec;
        this.traffic = traffic;
    }

    /** The handler of one HTTP/2 stream, whose channel carries requests and responses as HTTP/1.x objects. */
    static HttpFrontendHandler forHttp2Stream(ListenerBinding binding, ProxyContext proxy,
                                              ClientTrafficCounter traffic) {
        return new HttpFrontendHandler(binding, proxy, null, traffic);
    }

    // ---- client events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(); // added after a TLS handshake: channelActive has passed already
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        proxy.counters().increment(codec == null ? "client.h2.stream.opened" : "client.connection.opened");
        if (codec != null) {
            // an HTTP/2 stream is not a connection: ActiveConnectionCount counts the connections of HTTP/1.x clients
            metrics = binding.current().metrics();
            metrics.connectionOpened();
        }
        touch();
        idleCheck = ConnectionDeadlines.of(ctx.executor()).register(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        touch();
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (tunnelPeer != null) {
            tunnelPeer.write(msg, tunnelPeer.voidPromise());
            backendFlushNeeded = true;
            if (!tunnelPeer.isWritable()) {
                updateAutoRead();
            }
            return;
        }
        if (!pending.isEmpty() || !acceptsNow()) {
            // the guard reuses its head view for the next head: a head that waits needs its own copy
            pending.add(msg instanceof RequestHead head ? head.detached() : msg);
            updateAutoRead();
            return;
        }
        process(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushBackend();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            Channel backend = tunnelPeer != null ? tunnelPeer : exchange == null ? null : exchange.backend;
            if (backend != null) {
                backend.config().setAutoRead(true);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (metrics != null) {
            metrics.connectionClosed();
            metrics = null;
        }
        releasePending();
        cancelIdleCheck();
        if (tunnelPeer != null) {
            closeAfterFlush(tunnelPeer);
            tunnelPeer = null;
        }
        Exchange ex = exchange;
        exchange = null;
        if (ex != null) {
            finishSelection(ex);
            if (ex.pendingHead != null) {
                ReferenceCountUtil.release(ex.pendingHead);
                ex.pendingHead = null;
            }
            if (!ex.responseDone) {
                proxy.counters().increment("client.closed_mid_exchange");
            }
            dropBackend(ex);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePending();
        cancelIdleCheck();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        proxy.counters().increment("client.exception");
        ctx.close();
    }

    // ---- requests ----

    private boolean acceptsNow() {
        return exchange == null || (!exchange.requestDone && !exchange.connecting);
    }

    private void process(Object msg) {
        if (msg instanceof RequestHead head) {
            startExchange(head);
        } else if (msg instanceof HttpRequest request) {
            startExchange(request);
        } else if (msg instanceof HttpContent content) {
            if (exchange == null) {
                content.release();
            } else {
                requestContent(exchange, content);
            }
        } else if (msg instanceof HeadVerdict headVerdict) {
            if (headVerdict.rejectStatus() != null) {
                framingFailed(new RequestFramingError(headVerdict.rejectStatus(), headVerdict.reason()));
            } else {
                verdict = headVerdict;
            }
        } else if (msg instanceof RequestFramingError error) {
            framingFailed(error);
        } else if (msg instanceof ByteBuf body && exchange != null) {
            requestBytes(exchange, body);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startExchange(HttpRequest request) {
        HttpListenerConfig config = binding.current();
        Exchange ex = new Exchange(config, request);
        exchange = ex;
        proxy.counters().increment("request");
        HeadVerdict headVerdict = verdict;
        verdict = null;
        if (config.accessLog() != null && proxy.accessLogs() != null) {
            ex.log = accessLog().start(config, request, headVerdict);
        }
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            ex.requestDone = true;
            proxy.counters().increment("request.malformed");
            respondError(ex, RequestChecks.forDecoderFailure(request), true);
            return;
        }
        HttpResponseStatus rejection = headVerdict == null ? null : desyncRejection(ex, headVerdict);
        if (rejection == null) {
            rejection = RequestChecks.rejection(request);
        }
        if (rejection == null && !AbsoluteFormTarget.toOriginForm(request)) {
            rejection = HttpResponseStatus.BAD_REQUEST;
        }
        if (rejection != null) {
            ex.requestDone = request instanceof LastHttpContent;
            ReferenceCountUtil.release(request);
            proxy.counters().increment("request.rejected");
            respondError(ex, rejection, true);
            return;
        }
        NettyRequestView view = new NettyRequestView(request, client().socket().getAddress());
        Action action = route(ex, view);
        if (action instanceof Action.Forward forward) {
            forward(ex, request, forward);
            return;
        }
        ReferenceCountUtil.release(request);
        answerLocally(ex, action, view);
    }

    /**
     * Starts the exchange of an HTTP/1.1 request that goes on as the client's bytes ({@link RequestHead}); its body
     * follows as content, ending with {@code LastHttpContent.EMPTY_LAST_CONTENT}. The same decisions as for a decoded
     * request, read from the head's bytes.
     */
    private void startExchange(RequestHead head) {
        HttpListenerConfig config = binding.current();
        Exchange ex = new Exchange(config, head);
        exchange = ex;
        proxy.counters().increment("request");
        if (config.accessLog() != null && proxy.accessLogs() != null) {
            ex.log = accessLog().start(config, head);
        }
        HttpResponseStatus rejection = desyncRejection(ex, head.verdict());
        if (rejection == null) {
            rejection = RequestChecks.rejection(ex.method);
        }
        if (rejection != null) {
            proxy.counters().increment("request.rejected");
            respondError(ex, rejection, true);
            return;
        }
        head.source(client().socket().getAddress());
        Action action = route(ex, head);
        if (action instanceof Action.Forward forward) {
            forward(ex, head, forward);
        } else {
            answerLocally(ex, action, head);
        }
    }

    private ClientAddress client() {
        if (client == null) {
            client = new ClientAddress((InetSocketAddress) ctx.channel().remoteAddress());
        }
        return client;
    }

    private ConnectionAccessLog accessLog() {
        if (accessLog == null) {
            accessLog = new ConnectionAccessLog(ctx.channel(), traffic, proxy.options().clock());
        }
        return accessLog;
    }

    /** The action of the listener's rules for {@code view}, or null when routing failed (answered with 500). */
    private Action route(Exchange ex, HttpRequestView view) {
        try {
            RoutingTable.Match match = ex.config.routingTable().match(view);
            ex.config.metrics().requestRouted(match.rulesEvaluated());
            if (ex.log != null) {
                ex.log.matchedRulePriority = match.priority();
                ex.log.actionsExecuted = match.action().type();
            }
            return match.action();
        } catch (RuntimeException e) {
            if (ex.log != null) {
                ex.log.matchedRulePriority = -1;
            }
            proxy.counters().increment("route.error");
            respondError(ex, HttpResponseStatus.INTERNAL_SERVER_ERROR, true);
            return null;
        }
    }

    /** Carries out a redirect or fixed-response action (nothing when routing failed and was answered). */
    private void answerLocally(Exchange ex, Action action, HttpRequestView view) {
        HttpListenerConfig config = ex.config;
        if (action instanceof Action.Redirect redirect) {
            proxy.counters().increment("action.redirect");
            config.metrics().redirect();
            String location = RedirectLocation.build(redirect, config.protocol(),
                    NettyRequestView.withoutPort(view.host()), config.port(), view.path(), view.rawQuery());
            if (ex.log != null) {
                ex.log.redirectUrl = location;
            }
            respondLocal(ex, LocalResponses.redirect(ctx.alloc(),
                    HttpResponseStatus.valueOf(redirect.statusCode().code()), location), false);
        } else if (action instanceof Action.FixedResponse fixed) {
            proxy.counters().increment("action.fixed_response");
            config.metrics().fixedResponse();
            respondLocal(ex, LocalResponses.fixed(ctx.alloc(), fixed.statusCode(), fixed.contentType(),
                    fixed.messageBody()), false);
        }
    }

    /**
     * Applies the desync mitigation mode to the head's class: the status to block it with, or null to forward it
     * (closing both connections after an Ambiguous request in defensive mode, and after any Upgrade request that
     * does not become a tunnel, since the framing guard stops reading HTTP after it).
     */
    private HttpResponseStatus desyncRejection(Exchange ex, HeadVerdict headVerdict) {
        DesyncTier tier = headVerdict.tier();
        if (tier != DesyncTier.COMPLIANT) {
            proxy.counters().increment("desync." + tier.name().toLowerCase(java.util.Locale.ROOT));
        }
        HttpResponseStatus rejection = headVerdict.rejection(ex.config.desyncMode());
        if (rejection == null && ex.config.desyncMode().closesAfter(tier)) {
            ex.closeAfter = true;
            ex.backendClose = true;
        }
        if (headVerdict.upgrade()) {
            ex.closeAfter = true;
        }
        return rejection;
    }

    private void forward(Exchange ex, HttpRequest request, Action.Forward forward) {
        String ip = selectTarget(ex, forward, new StickinessCookies.HeaderCookies(request.headers()));
        if (ip == null) {
            ReferenceCountUtil.release(request);
        } else {
            forwardObjects(ex, request, ip);
        }
    }

    /**
     * Forwards an HTTP/1.1 request read as bytes: to an HTTP/1.1 target as the client's head with ALB's edits (no
     * header becomes an object), to an HTTP/2 target as the objects its stream codec takes.
     */
    private void forward(Exchange ex, RequestHead head, Action.Forward forward) {
        String ip = selectTarget(ex, forward, head);
        if (ip == null) {
            return;
        }
        Selection selection = ex.selection;
        if (selection.targetGroup().protocolVersion().http2()) {
            forwardObjects(ex, head.toHttpRequest(), ip);
            return;
        }
        HeadFields fields = head.fields();
        fields.dropHopByHop();
        if (ex.config.dropInvalidHeaderFields()) {
            fields.dropInvalidNames();
        }
        ByteBuf out = ctx.alloc().buffer(head.size() + FORWARDED_HEADERS_SIZE);
        int traceId = proxy.forwardedHeaders().write(out, head, ex.config, client());
        if (ex.log != null) {
            // the trace id is the last line written, before its CR LF
            ex.log.traceId = out.toString(traceId, out.writerIndex() - 2 - traceId, StandardCharsets.US_ASCII);
        }
        if (ex.backendClose) {
            out.writeBytes(CONNECTION_CLOSE);
        }
        out.writeBytes(CRLF);
        ex.headAsBytes = true;
        sendHead(ex, out, ip);
    }

    /**
     * Chooses the target of {@code forward} (stickiness from {@code cookies}) into {@code ex.selection} and returns
     * its IP address; null when there is none, the request then being answered (500, 503 or 502).
     */
    private String selectTarget(Exchange ex, Action.Forward forward, StickinessCookies.CookieSource cookies) {
        Selection selection;
        try {
            ex.groupCookie = cookies.hasCookies() ? cookies.cookie(StickinessCookies.GROUP_COOKIE) : null;
            ex.targetCookie = StickinessCookies.findTarget(cookies, ex.config.snapshot(), forward);
            selection = proxy.selector().select(forward, ex.config.snapshot(), ex.groupCookie, ex.targetCookie,
                    proxy.options().clock().instant());
        } catch (RuntimeException e) {
            proxy.counters().increment("select.error");
            respondError(ex, HttpResponseStatus.INTERNAL_SERVER_ERROR, true);
            return null;
        }
        ex.selection = selection;
        Target target = selection.target();
        if (ex.log != null) {
            ex.log.targetGroupArn = selection.targetGroup().arn();
        }
        if (target == null) {
            proxy.counters().increment("target_group.empty");
            respondError(ex, HttpResponseStatus.SERVICE_UNAVAILABLE, false);
            return null;
        }
        // Targets resolve to IP literals only (instances through the snapshot); DNS names would block the event loop.
        String ip = ipOf(ex, target);
        if (ip == null) {
            proxy.counters().increment("target.unresolvable");
            respondError(ex, HttpResponseStatus.BAD_GATEWAY, false);
            return null;
        }
        ex.forward = forward;
        return ip;
    }

    /** Forwards {@code request} as Netty objects, with ALB's edits made to its headers, to {@code ex.selection}. */
    private void forwardObjects(Exchange ex, HttpRequest request, String ip) {
        var headers = request.headers();
        Selection selection = ex.selection;
        Target target = selection.target();
        // WebSocket over HTTP/2 (RFC 8441) is not offered, as on ALB: only an HTTP/1.1 connection can become a tunnel
        ex.upgrade = codec != null && HopByHopHeaders.isWebSocketUpgrade(headers);
        // gRPC needs "TE: trailers" at the target; over HTTP/2 it is the one TE value allowed (RFC 9113 §8.2.2)
        boolean teTrailers = selection.targetGroup().protocolVersion().http2()
                && headers.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true);
        HopByHopHeaders.strip(headers, ex.upgrade);
        if (teTrailers) {
            headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
        if (ex.config.dropInvalidHeaderFields()) {
            InvalidHeaderFields.drop(headers);
        }
        if (ex.backendClose) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (HttpUtil.isTransferEncodingChunked(request)) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH); // RFC 9112 §6.3 (the decoder leaves it on HTTP/1.0)
        }
        if (!headers.contains(HttpHeaderNames.HOST)) {
            // an HTTP/1.0 request without Host goes on as HTTP/1.1, which needs one: name the target, as NGINX does
            headers.set(HttpHeaderNames.HOST,
                    NetUtil.toSocketAddressString(NetUtil.toAddressString(inetAddress(ip)), target.port()));
        }
        proxy.forwardedHeaders().apply(headers, ex.config, client());
        if (ex.log != null) {
            ex.log.traceId = headers.get(ForwardedHeaders.X_AMZN_TRACE_ID);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        ex.requestDone = request instanceof LastHttpContent;
        sendHead(ex, request, ip);
    }

    /** Sends {@code head} (an {@code HttpRequest} or the head's bytes) to the selected target at {@code ip}. */
    private void sendHead(Exchange ex, Object head, String ip) {
        Selection selection = ex.selection;
        ex.config.metricsOf(selection.targetGroup()).requestRouted();
        // HTTP/2 targets' answers arrive as objects and are re-encoded for the client
        ex.responseAsBytes = codec != null && !ex.http10 && !selection.targetGroup().protocolVersion().http2();
        // an HTTP/2 client's answer from an HTTP/1.1 target: HEADERS and DATA made from the target's head and body
        ex.responseAsFrames = codec == null && !selection.targetGroup().protocolVersion().http2();
        ex.pendingHead = head;
        sendToTarget(ex, selection, ip);
    }

    /**
     * The IP literal to connect to for {@code target}, or null when it resolves to none (an unknown instance). It
     * becomes an {@link InetAddress} only when a connection is made: a pooled one needs none.
     */
    private static String ipOf(Exchange ex, Target target) {
        return ex.config.snapshot().targetAddresses().ipOf(target);
    }

    private static InetAddress inetAddress(String ip) {
        return NetUtil.createInetAddressFromIpAddressString(ip);
    }

    /** Takes a pooled connection to the selected target or starts a new one; the head waits in the exchange. */
    private void sendToTarget(Exchange ex, Selection selection, String ip) {
        Target target = selection.target();
        ex.selection = selection;
        ex.targetKey = target.key();
        if (ex.log != null) {
            ex.log.targetGroupArn = selection.targetGroup().arn();
            ex.logTarget = NetUtil.toSocketAddressString(NetUtil.toAddressString(inetAddress(ip)), target.port());
        }
        proxy.selector().requestStarted(selection.targetGroup().arn(), target);
        ex.counted = true;
        Channel pooled = proxy.connector().pooled(ctx.channel().eventLoop(), ex.targetKey);
        ex.reusedConnection = pooled != null;
        if (pooled != null) {
            attachBackend(ex, pooled);
            return;
        }
        ex.connecting = true;
        updateAutoRead();
        InetAddress address = inetAddress(ip);
        if (!ex.config.targets().reaches(address, target.port())) {
            // no outbound rule allows it: never connected, failed as a connect that did not succeed
            proxy.counters().increment("backend.egress_blocked");
            onConnected(ex, null, EGRESS_BLOCKED);
            return;
        }
        InetSocketAddress socket = new InetSocketAddress(address, target.port());
        boolean tls = selection.targetGroup().protocol() == Protocol.HTTPS;
        if (selection.targetGroup().protocolVersion().http2()) {
            Future<Channel> stream = proxy.connector().openStream(ctx.channel().eventLoop(), socket, ex.targetKey, tls);
            stream.addListener(f -> onConnected(ex, f.isSuccess() ? stream.getNow() : null, f.cause()));
            return;
        }
        ChannelFuture connect = proxy.connector().connect(ctx.channel().eventLoop(), socket, ex.targetKey, tls);
        connect.addListener((ChannelFutureListener) f -> onConnected(ex, f.isSuccess() ? f.channel() : null,
                f.cause()));
    }

    /**
     * Sends the request held in {@code ex.pendingHead} once more, to another routable target: after a failed connect
     * (nothing of the request reached the target) or a failure {@link RequestRetry} deems safe to replay. With
     * {@code sameTargetIfAlone} the failed target is chosen again when no other is left (its connection, not the
     * target, may have been what failed). Returns false when it was already retried or no target is left.
     */
    private boolean retryOnAnotherTarget(Exchange ex, boolean sameTargetIfAlone, String counter) {
        if (ex.retried || ex.forward == null) {
            return false;
        }
        ex.retried = true;
        Selection next = reselect(ex, Set.of(ex.targetKey));
        if (next != null && next.target() == null && sameTargetIfAlone) {
            next = reselect(ex, Set.of());
        }
        // a head sent as bytes goes again only to an HTTP/1.1 target (another group of the action may be HTTP/2)
        String ip = next == null || next.target() == null
                || ex.headAsBytes && next.targetGroup().protocolVersion().http2() ? null
                : ipOf(ex, next.target());
        if (ip == null) {
            return false;
        }
        finishSelection(ex);
        proxy.counters().increment(counter);
        sendToTarget(ex, next, ip);
        return true;
    }

    /** A new selection for {@code ex} that avoids {@code excludedTargetKeys}, or null when selection failed. */
    private Selection reselect(Exchange ex, Set<String> excludedTargetKeys) {
        try {
            return proxy.selector().select(ex.forward, ex.config.snapshot(), ex.groupCookie, ex.targetCookie,
                    proxy.options().clock().instant(), excludedTargetKeys);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The target connection failed before any byte of the response arrived: replays the request on another target
     * when {@link RequestRetry} says that is safe. Returns false when the request must fail instead.
     */
    private boolean replayElsewhere(Exchange ex) {
        if (!RequestRetry.mayReplay(ex)) {
            return false;
        }
        boolean reused = ex.reusedConnection;
        ex.pendingHead = RequestRetry.replayHead(ex);
        dropBackend(ex);
        return retryOnAnotherTarget(ex, reused, reused ? "backend.reused_connection_retried" : "backend.request_retried");
    }

    /** The target connection (or HTTP/2 stream) is {@code backend}, or could not be made for {@code cause}. */
    private void onConnected(Exchange ex, Channel backend, Throwable cause) {
        if (exchange != ex || !ex.connecting) {
            // The client left or the exchange already failed (idle timeout) while connecting.
            if (backend != null) {
                backend.close();
            }
            return;
        }
        ex.connecting = false;
        if (backend == null) {
            boolean timeout = cause instanceof ConnectTimeoutException;
            proxy.health().reportConnectFailure(ex.selection.targetGroup().arn(), ex.selection.target());
            ex.config.metricsOf(ex.selection.targetGroup()).targetConnectionFailed();
            if (retryOnAnotherTarget(ex, false, "backend.connect_retried")) {
                return;
            }
            failExchange(ex, timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY,
                    timeout ? "backend.connect_timeout" : "backend.connect_failed");
            drainPending();
            updateAutoRead();
            return;
        }
        attachBackend(ex, backend);
    }

    private void attachBackend(Exchange ex, Channel backend) {
        ex.backend = backend;
        backend.attr(BackendConnector.TARGET_GROUP).set(ex.selection.targetGroup().arn());
        HttpBackendHandler handler = backend.pipeline().get(HttpBackendHandler.class);
        handler.attach(this);
        handler.expectResponse(ex.method.equals(HttpMethod.HEAD), !ex.responseAsBytes, ex.upgrade);
        backend.config().setAutoRead(true);
        Object head = ex.pendingHead;
        ex.pendingHead = null;
        ex.sent(head);
        ex.sentNanos = System.nanoTime();
        if (ex.log != null) {
            ex.log.sentTo(ex.logTarget, ex.sentNanos);
        }
        if (ex.headAsBytes) {
            targetBytes(backend).write(head, backend.voidPromise());
        } else {
            backend.write(head, backend.voidPromise());
        }
        backendFlushNeeded = true;
        drainPending();
        flushBackend();
        updateAutoRead();
    }

    private void requestContent(Exchange ex, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // the decoder could not read the body (a chunk size or trailer it refused): none of it goes on
            content.release();
            framingFailed(new RequestFramingError(HttpResponseStatus.BAD_REQUEST, "malformed body"));
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (ex.local || ex.responseDone || ex.backend == null) {
            content.release();
        } else {
            ex.bodySent |= content.content().isReadable()
                    || (last && !((LastHttpContent) content).trailingHeaders().isEmpty());
            if (ex.headAsBytes) {
                content.release(); // the end of a body read as bytes: empty, and nothing for the target to see
            } else {
                ex.backend.write(content, ex.backend.voidPromise());
            }
            backendFlushNeeded = true;
        }
        if (last) {
            ex.requestDone = true;
            flushBackend();
            maybeComplete(ex);
        } else if (ex.backend != null && !ex.backend.isWritable()) {
            updateAutoRead();
        }
    }

    /**
     * A piece of the body of a request read as bytes (its Content-Length frames it; the guard's empty last content
     * ends it): to an HTTP/1.1 target as the client's bytes, to an HTTP/2 target as content.
     */
    private void requestBytes(Exchange ex, ByteBuf body) {
        if (ex.local || ex.responseDone || ex.backend == null) {
            body.release();
            return;
        }
        ex.bodySent = true;
        if (ex.headAsBytes) {
            targetBytes(ex.backend).write(body, ex.backend.voidPromise());
        } else {
            ex.backend.write(new DefaultHttpContent(body), ex.backend.voidPromise());
        }
        backendFlushNeeded = true;
        if (!ex.backend.isWritable()) {
            updateAutoRead();
        }
    }

    /** Where request bytes for a target connection go in: before its HTTP codec, whose encoder frames objects only. */
    private static ChannelHandlerContext targetBytes(Channel backend) {
        return backend.pipeline().context(HttpBackendHandler.CODEC);
    }

    private void drainPending() {
        while (!pending.isEmpty() && !closing && tunnelPeer == null && acceptsNow()) {
            process(pending.poll());
        }
    }

    private void releasePending() {
        Object msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void flushBackend() {
        if (!backendFlushNeeded) {
            return;
        }
        backendFlushNeeded = false;
        Channel backend = tunnelPeer != null ? tunnelPeer : exchange == null ? null : exchange.backend;
        if (backend != null) {
            backend.flush();
        }
    }

    /** Reads from the client only when the current exchange can take what arrives and the target keeps up. */
    private void updateAutoRead() {
        if (ctx == null || closing) {
            return;
        }
        boolean read;
        if (tunnelPeer != null) {
            read = tunnelPeer.isWritable();
        } else {
            Exchange ex = exchange;
            read = pending.isEmpty() && acceptsNow()
                    && (ex == null || ex.backend == null || ex.local || ex.backend.isWritable());
        }
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
            if (read && ctx.channel().parent() != null) {
                // An HTTP/2 stream: resuming reads returns the client's flow-control window (Netty writes the
                // WINDOW_UPDATE), but Netty's stream channel skips its own flush while it believes the connection
                // is reading, and the connection flushes at the end of a read only for streams that read then.
                // Without this flush the client can wait for that window forever (seen as a stalled upload).
                ctx.channel().parent().flush();
            }
        }
    }

    // ---- responses ----

    void onBackendRead(Channel backend, Object msg) {
        touch();
        if (tunnelPeer == backend && tunnelPeer != null) {
            writeToClient(msg, backend);
            return;
        }
        Exchange ex = exchange;
        if (ex == null || ex.backend != backend) {
            ReferenceCountUtil.release(msg);
            backend.close();
            return;
        }
        ex.targetAnswered = true;
        if (msg instanceof DecoderResultProvider provider && provider.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            backendFailed(ex, "backend.malformed_response");
            return;
        }
        if (msg instanceof ResponseHead head) {
            if (ex.responseAsBytes) {
                responseHeadAsBytes(ex, head);
            } else if (ex.responseAsFrames && head.status() >= 200) {
                responseHeadAsFrames(ex, head);
            } else {
                responseHead(ex, head.toHttpResponse());
            }
        } else if (msg == BackendResponseReader.END) {
            if (ex.responseAsBytes) {
                responseEndAsBytes(ex);
            } else if (ex.responseAsFrames && !ex.informational) {
                ctx.write(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true), ctx.voidPromise());
                clientFlushNeeded = true;
                responseEnded(ex);
            } else {
                responseContent(ex, LastHttpContent.EMPTY_LAST_CONTENT, false);
            }
        } else if (msg instanceof HttpResponse || msg instanceof HttpContent) {
            // an HTTP/2 target's answer arrives as objects (its headers-only answer, gRPC's trailers-only, whole)
            if (msg instanceof HttpResponse response) {
                responseHead(ex, response);
            }
            if (msg instanceof HttpContent content) {
                responseContent(ex, content, msg instanceof HttpResponse);
            }
        } else if (msg instanceof ByteBuf bytes) {
            if (ex.responseAsBytes) {
                writeBytesToClient(bytes, backend);
            } else if (ex.responseAsFrames) {
                writeToClient(new DefaultHttp2DataFrame(bytes, false), backend);
            } else {
                responseContent(ex, new DefaultHttpContent(bytes), false);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void responseHead(Exchange ex, HttpResponse response) {
        int code = response.status().code();
        if (code >= 200 || code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            targetResponded(ex, code);
        }
        if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code() && ex.upgrade) {
            ex.switching = true;
            ex.responseStarted = true;
            HopByHopHeaders.strip(response.headers(), true);
            respondingToHead(false);
            ctx.write(response);
            return;
        }
        if (code < 200) {
            // 100 Continue and other interim responses pass through; the final response follows
            ex.informational = true;
            HopByHopHeaders.strip(response.headers(), false);
            respondingToHead(false);
            ctx.write(response);
            clientFlushNeeded = true;
            return;
        }
        ex.responseStarted = true;
        ex.backendReusable = !ex.backendClose && HttpUtil.isKeepAlive(response);
        boolean bodyless = ex.method.equals(HttpMethod.HEAD) || code == 204 || code == 304;
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        boolean delimitedByClose = !bodyless && !chunked && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
        HopByHopHeaders.strip(response.headers(), false);
        if (delimitedByClose) {
            ex.backendReusable = false;
            ex.closeAfter = true;
        }
        if (ex.http10 && chunked && !bodyless) {
            // an HTTP/1.0 client cannot read chunks: send the body raw and end it by closing
            HttpUtil.setTransferEncodingChunked(response, false);
            ex.closeAfter = true;
        }
        if (!ex.clientKeepAlive) {
            ex.closeAfter = true;
        }
        if (ex.closeAfter) {
            response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (ex.http10) {
            response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        for (String cookie : ex.selection.setCookies()) {
            response.headers().add(HeaderNames.SET_COOKIE, cookie);
        }
        Selection.AppCookie appCookie = ex.selection.appCookie();
        if (appCookie != null && StickinessCookies.setsCookie(response.headers(), appCookie.name())) {
            response.headers().add(HeaderNames.SET_COOKIE, appCookie.setCookie());
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        proxy.counters().increment(ProxyCounters.responseCounter(code));
        respondingToHead(ex.method.equals(HttpMethod.HEAD));
        ctx.write(response);
        clientFlushNeeded = true;
        if (ex.log != null) {
            ex.log.responseForwardedNanos = System.nanoTime();
        }
    }

    /**
     * {@link #responseHead} for a client that takes the target's bytes: the same decisions, written as the target's
     * head with ALB's edits instead of re-encoded objects.
     */
    private void responseHeadAsBytes(Exchange ex, ResponseHead head) {
        int code = head.status();
        if (code >= 200 || code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            targetResponded(ex, code);
        }
        if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            ex.switching = true; // the reader lets a 101 through only in answer to an upgrade request
            ex.responseStarted = true;
            writeHeadToClient(head, true, false, List.of());
            return;
        }
        if (code < 200) {
            ex.informational = true;
            writeHeadToClient(head, false, false, List.of());
            return;
        }
        finalHeadArrived(ex, head);
        writeHeadToClient(head, false, ex.closeAfter, cookiesFor(ex, head));
        if (ex.log != null) {
            ex.log.responseForwardedNanos = System.nanoTime();
        }
    }

    /**
     * What a final (2xx-5xx) head from an HTTP/1.1 target decides, whether it goes on as bytes or as HTTP/2 frames:
     * the response has started, whether the target connection can be reused and whether the client connection
     * closes after it.
     */
    private void finalHeadArrived(Exchange ex, ResponseHead head) {
        int code = head.status();
        ex.responseStarted = true;
        ex.backendReusable = !ex.backendClose && head.keepAlive();
        boolean bodyless = ex.method.equals(HttpMethod.HEAD) || code == 204 || code == 304;
        if (!bodyless && head.framing() == ResponseHead.Framing.UNTIL_CLOSE) {
            ex.backendReusable = false;
            ex.closeAfter = true;
        }
        if (!ex.clientKeepAlive) {
            ex.closeAfter = true;
        }
        proxy.counters().increment(ProxyCounters.responseCounter(code));
    }

    /**
     * {@link #responseHead} for a client on an HTTP/2 stream: the same decisions for a final (2xx-5xx) head, written
     * as a HEADERS frame built from the target's head ({@link ResponseHead#toHttp2Headers}) without the HTTP/1
     * objects in between; its body follows as DATA frames.
     */
    private void responseHeadAsFrames(Exchange ex, ResponseHead head) {
        targetResponded(ex, head.status());
        finalHeadArrived(ex, head);
        ctx.write(new DefaultHttp2HeadersFrame(head.toHttp2Headers(cookiesFor(ex, head)), false), ctx.voidPromise());
        clientFlushNeeded = true;
        if (ex.log != null) {
            ex.log.responseForwardedNanos = System.nanoTime();
        }
    }

    /** The stickiness cookies to add: the selection's, plus Classic's AWSELB when the application sets its cookie. */
    private static List<String> cookiesFor(Exchange ex, ResponseHead head) {
        Selection.AppCookie appCookie = ex.selection.appCookie();
        if (appCookie == null || !head.setsCookie(appCookie.name())) {
            return ex.selection.setCookies();
        }
        List<String> cookies = new ArrayList<>(ex.selection.setCookies());
        cookies.add(appCookie.setCookie());
        return cookies;
    }

    private void responseEndAsBytes(Exchange ex) {
        if (ex.informational) {
            ex.informational = false;
        } else if (ex.switching) {
            startTunnel(ex);
        } else {
            responseEnded(ex);
        }
    }

    /** The last of a response is written: flushed to the client, and the exchange completes if its request has. */
    private void responseEnded(Exchange ex) {
        ex.responseDone = true;
        flushClient();
        maybeComplete(ex);
    }

    private void writeHeadToClient(ResponseHead head, boolean keepUpgrade, boolean close, List<String> cookies) {
        ByteBuf out = ctx.alloc().buffer(head.forwardedSizeHint());
        head.writeForwarded(out, keepUpgrade, close, cookies);
        clientBytes().write(out, ctx.voidPromise());
        clientFlushNeeded = true;
    }

    /** Body bytes as the target framed them, past the client codec's encoder (which frames objects only). */
    private void writeBytesToClient(ByteBuf bytes, Channel backend) {
        clientBytes().write(bytes, ctx.voidPromise());
        clientFlushNeeded = true;
        if (!ctx.channel().isWritable()) {
            backend.config().setAutoRead(false);
        }
    }

    /** Where bytes for the client go in: the handler before the HTTP codec, so the encoder does not see them. */
    private ChannelHandlerContext clientBytes() {
        if (clientBytes == null) {
            clientBytes = ctx.pipeline().context(codec);
        }
        return clientBytes;
    }

    private void targetResponded(Exchange ex, int code) {
        long now = System.nanoTime();
        ex.config.metricsOf(ex.selection.targetGroup()).targetResponded(code, now - ex.sentNanos);
        ex.status = code;
        if (ex.log != null) {
            ex.log.targetResponded(code, now);
        }
    }

    private void responseContent(Exchange ex, HttpContent content, boolean written) {
        boolean last = content instanceof LastHttpContent;
        if (ex.informational || ex.switching) {
            if (!written) {
                ctx.write(content);
            }
            clientFlushNeeded = true;
            if (last && ex.informational) {
                ex.informational = false;
            } else if (last) {
                startTunnel(ex);
            }
            return;
        }
        if (!written) {
            writeToClient(content, ex.backend);
        }
        if (last) {
            responseEnded(ex);
        }
    }

    private void writeToClient(Object msg, Channel backend) {
        ctx.write(msg, ctx.voidPromise());
        clientFlushNeeded = true;
        if (!ctx.channel().isWritable()) {
            backend.config().setAutoRead(false);
        }
    }

    void onBackendReadComplete(Channel backend) {
        flushClient();
    }

    void onBackendWritabilityChanged(Channel backend) {
        updateAutoRead();
    }

    /** The target connection closed or failed; {@code cause} is null for an orderly close. */
    void onBackendClosed(Channel backend, Throwable cause) {
        if (tunnelPeer == backend) {
            tunnelPeer = null;
            closeClient();
            return;
        }
        Exchange ex = exchange;
        if (ex == null || ex.backend != backend) {
            return;
        }
        backendFailed(ex, cause == null ? "backend.closed" : "backend.reset");
    }

    private void backendFailed(Exchange ex, String counter) {
        if (!ex.responseStarted) {
            if (replayElsewhere(ex)) {
                proxy.counters().increment(counter);
                return;
            }
            failExchange(ex, HttpResponseStatus.BAD_GATEWAY, counter);
            drainPending();
            updateAutoRead();
            return;
        }
        proxy.counters().increment(counter);
        proxy.counters().increment("backend.failed_mid_response");
        exchange = null;
        finishSelection(ex);
        dropBackend(ex);
        closeClient();
    }

    /**
     * The client's stream broke HTTP framing (or its head timed out): answer {@code error}'s status unless a response
     * is already under way, and close both connections; nothing after the error reaches the target.
     */
    private void framingFailed(RequestFramingError error) {
        proxy.counters().increment("request.framing_error");
        Exchange ex = exchange;
        if (ex == null) {
            // between requests: no head to answer, so answer as to a GET
            ex = new Exchange(binding.current(), new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
            exchange = ex;
            ex.requestDone = true;
            respondError(ex, error.status(), true);
            return;
        }
        if (!ex.responseStarted) {
            ex.closeAfter = true;
            failExchange(ex, error.status(), "request.malformed_body");
            return;
        }
        exchange = null;
        finishSelection(ex);
        dropBackend(ex);
        closeClient();
    }

    /** The target could not answer: respond with {@code status}, closing the client if its body was not all read. */
    private void failExchange(Exchange ex, HttpResponseStatus status, String counter) {
        proxy.counters().increment(counter);
        ex.connecting = false;
        finishSelection(ex);
        dropBackend(ex);
        if (ex.pendingHead != null) {
            ReferenceCountUtil.release(ex.pendingHead);
            ex.pendingHead = null;
        }
        respondError(ex, status, !ex.requestDone);
    }

    private void startTunnel(Exchange ex) {
        proxy.counters().increment("websocket.upgraded");
        Channel backend = ex.backend;
        tunnelPeer = backend;
        exchange = null;
        finishSelection(ex);
        flushClient();
        releasePending();
        // Order matters: mark the tunnel first so bytes the removed decoders still hold are relayed raw.
        backend.pipeline().remove(HttpBackendHandler.CODEC);
        ctx.pipeline().remove(codec);
        backend.config().setAutoRead(true);
        updateAutoRead();
    }

    private void maybeComplete(Exchange ex) {
        if (exchange != ex) {
            return;
        }
        if (ex.responseDone && !ex.requestDone && ex.backend != null) {
            // The target answered before reading the whole request: it cannot be reused; drain the rest.
            dropBackend(ex);
        }
        if (!ex.complete()) {
            return;
        }
        if (ex.log != null) {
            proxy.accessLogs().offer(accessLog.finish(ex.log, ex.status));
            ex.log = null;
        }
        finishSelection(ex);
        if (ex.backend != null) {
            Channel backend = ex.backend;
            ex.backend = null;
            backend.pipeline().get(HttpBackendHandler.class).attach(null);
            if (ex.backendReusable && ex.requestDone) {
                backend.config().setAutoRead(true);
                proxy.connector().release(backend, ex.targetKey);
            } else {
                backend.close();
            }
        }
        exchange = null;
        if (ex.closeAfter) {
            closeClient();
            return;
        }
        drainPending();
        updateAutoRead();
    }

    /**
     * Answers with the load balancer's own error page for {@code status}, or for a gRPC call its gRPC form
     * ({@link GrpcLocalResponses}); metrics and the access log record {@code status} either way.
     */
    private void respondError(Exchange ex, HttpResponseStatus status, boolean forceClose) {
        if (ex.grpc) {
            proxy.counters().increment("grpc.local_error");
            respondLocal(ex, GrpcLocalResponses.error(status, codec != null), forceClose, status.code());
        } else {
            respondLocal(ex, LocalResponses.error(ctx.alloc(), status), forceClose);
        }
    }

    private void respondLocal(Exchange ex, FullHttpResponse response, boolean forceClose) {
        respondLocal(ex, response, forceClose, response.status().code());
    }

    /** Writes {@code response}, counting it as the load balancer's answer with {@code status}. */
    private void respondLocal(Exchange ex, FullHttpResponse response, boolean forceClose, int status) {
        ex.local = true;
        ex.responseStarted = true;
        ex.responseDone = true;
        ex.closeAfter |= forceClose || !ex.clientKeepAlive;
        if (ex.closeAfter) {
            response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (ex.http10) {
            response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        proxy.counters().increment(ProxyCounters.responseCounter(status));
        ex.config.metrics().elbResponded(status);
        ex.status = status;
        respondingToHead(ex.method.equals(HttpMethod.HEAD));
        ctx.write(response, ctx.voidPromise());
        clientFlushNeeded = true;
        flushClient();
        maybeComplete(ex);
    }

    private void respondingToHead(boolean head) {
        if (codec != null) {
            codec.respondingToHead(head);
        }
    }

    private void flushClient() {
        if (clientFlushNeeded) {
            clientFlushNeeded = false;
            ctx.flush();
        }
    }

    private void finishSelection(Exchange ex) {
        ex.forgetSentHead();
        if (ex.counted) {
            ex.counted = false;
            proxy.selector().requestFinished(ex.selection.targetGroup().arn(), ex.selection.target());
        }
    }

    /** Detaches and closes the exchange's target connection (it cannot be reused). */
    private void dropBackend(Exchange ex) {
        Channel backend = ex.backend;
        if (backend != null) {
            ex.backend = null;
            backend.pipeline().get(HttpBackendHandler.class).attach(null);
            backend.close();
        }
    }

    private void closeClient() {
        if (closing) {
            return;
        }
        closing = true;
        closeAfterFlush(ctx.channel());
    }

    private static void closeAfterFlush(Channel channel) {
        ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
        if (unsent != null && unsent.totalPendingWriteBytes() == 0) {
            // Everything written is on the socket already (the usual case: the last response was just flushed):
            // close now, without an empty write through the pipeline and a promise to close on.
            channel.close();
            return;
        }
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- idle timeout ----

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    private void cancelIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel();
            idleCheck = null;
        }
    }

    /**
     * ALB's idle timeout: a connection (client or target side) with no data either way for
     * {@code idle_timeout.timeout_seconds} is closed; a request still waiting for its response gets 504.
     */
    @Override
    public void checkDeadlines(long nowNanos) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        Exchange ex = exchange;
        long timeout = ex != null ? ex.config.idleTimeoutMillis() : binding.current().idleTimeoutMillis();
        if (TimeUnit.NANOSECONDS.toMillis(nowNanos - lastActivityNanos) < timeout) {
            return;
        }
        if (ex != null && !ex.local && !ex.responseStarted && (ex.connecting || ex.backend != null)) {
            failExchange(ex, HttpResponseStatus.GATEWAY_TIMEOUT, "backend.idle_timeout");
            touch();
            if (!closing) {
                drainPending();
                updateAutoRead();
            }
            return;
        }
        proxy.counters().increment("client.idle_timeout");
        if (ex != null) {
            exchange = null;
            finishSelection(ex);
            dropBackend(ex);
        }
        closeClient();
    }
}
