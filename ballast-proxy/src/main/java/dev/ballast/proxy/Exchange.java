package dev.ballast.proxy;

import dev.ballast.core.balancing.Selection;
import dev.ballast.core.model.Action;
import dev.ballast.proxy.accesslog.AccessLogRecord;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The state of one request/response exchange on a client connection.
 *
 * <p>Not thread-safe: owned by the client connection's event loop.
 */
final class Exchange {
    final HttpListenerConfig config;
    final HttpMethod method;
    final boolean http10;
    final boolean clientKeepAlive;
    /** The request is a gRPC call: the load balancer's own errors answer it in gRPC's form. */
    final boolean grpc;

    /**
     * The response goes to the client as the target's bytes with ALB's edits ({@link ResponseHead}); false on an
     * HTTP/2 stream ({@link #responseAsFrames}) or for an HTTP/1.0 client, which gets it as Netty objects
     * re-framed by its encoder.
     */
    boolean responseAsBytes;
    /**
     * The response goes to an HTTP/2 client stream as HEADERS and DATA frames made straight from the target's
     * HTTP/1.1 head and body ({@link ResponseHead#toHttp2Headers}); false for an HTTP/2 target, whose answer arrives
     * as objects, and for HTTP/1.x clients.
     */
    boolean responseAsFrames;
    /** The request has a WebSocket upgrade. */
    boolean upgrade;
    /** The load balancer answers itself (error, redirect, fixed response); request body is discarded. */
    boolean local;
    /** A new connection to the target is being made; request parts wait in the queue. */
    boolean connecting;
    boolean requestDone;
    boolean responseStarted;
    boolean responseDone;
    /** Inside a 1xx response (its empty last content is not the end of the exchange). */
    boolean informational;
    /** Inside a 101 response; the tunnel starts after its last content. */
    boolean switching;
    /** Close the client connection once the response is written. */
    boolean closeAfter;
    /** The request was Ambiguous under defensive desync mitigation: the target connection closes after it. */
    boolean backendClose;
    /** The target connection may serve another request afterwards. */
    boolean backendReusable;
    /** {@code requestStarted} was called and {@code requestFinished} is still owed. */
    boolean counted;
    /** The request was already sent to a second target after a failure (one retry at most). */
    boolean retried;
    /** The current target connection came from the pool (it may have been closed by the target just then). */
    boolean reusedConnection;
    /** A body byte (or trailer) of the request was written to the current target: the request cannot be replayed. */
    boolean bodySent;
    /** Something of the response (an interim one included) arrived from the current target. */
    boolean targetAnswered;

    /** {@link System#nanoTime} when the head was written to the current target (TargetResponseTime starts there). */
    long sentNanos;

    /** The status of the response to the client (the target's, or the load balancer's own). */
    int status;
    /** The access log line being filled in, or null when the load balancer's access logs are off. */
    AccessLogRecord log;
    /** {@code ip:port} of the current target, for the access log. */
    String logTarget;

    /** The forward action that chose the target, kept to choose another one after a failure. */
    Action.Forward forward;

    Selection selection;
    String targetKey;
    Channel backend;
    /** The stickiness cookies the request carried (kept to choose another target after a failure), or null. */
    String groupCookie;
    String targetCookie;
    /**
     * The request goes to the target as the client's bytes with ALB's edits ({@link RequestHead}): its head is a
     * {@code ByteBuf} and its body is written as bytes past the target connection's encoder.
     */
    boolean headAsBytes;
    /** The request head waiting for the target connection: an {@code HttpRequest}, or a {@code ByteBuf}. */
    Object pendingHead;
    /**
     * The request head as written to the current target, kept to replay it elsewhere (see {@link RequestRetry}): an
     * {@code HttpRequest}, or a retained {@code ByteBuf} whose bytes are {@code [sentHeadIndex, + sentHeadLength)}.
     */
    Object sentHead;
    int sentHeadIndex;
    int sentHeadLength;

    Exchange(HttpListenerConfig config, HttpRequest request) {
        this(config, request.method(), request.protocolVersion().equals(HttpVersion.HTTP_1_0),
                HttpUtil.isKeepAlive(request), GrpcLocalResponses.isGrpc(request.headers()));
    }

    /** The exchange of an HTTP/1.1 request forwarded as bytes. */
    Exchange(HttpListenerConfig config, RequestHead head) {
        this(config, head.httpMethod(), false, head.keepAlive(), head.isGrpc());
    }

    private Exchange(HttpListenerConfig config, HttpMethod method, boolean http10, boolean clientKeepAlive,
                     boolean grpc) {
        this.config = config;
        this.method = method;
        this.http10 = http10;
        this.clientKeepAlive = clientKeepAlive;
        this.grpc = grpc;
    }

    /** Remembers {@code head} as written to the current target (a buffer is retained until {@link #forgetSentHead}). */
    void sent(Object head) {
        forgetSentHead();
        if (head instanceof ByteBuf bytes) {
            sentHeadIndex = bytes.readerIndex();
            sentHeadLength = bytes.readableBytes();
            bytes.retain();
        }
        sentHead = head;
    }

    /** Lets go of the head written to the target: it will not be replayed. */
    void forgetSentHead() {
        if (sentHead instanceof ByteBuf bytes) {
            bytes.release();
        }
        sentHead = null;
    }

    /** True once the response is written and the request either fully read or about to be cut by a close. */
    boolean complete() {
        return responseDone && (requestDone || closeAfter);
    }
}
