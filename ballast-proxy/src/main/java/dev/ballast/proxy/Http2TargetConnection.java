package dev.ballast.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * One HTTP/2 connection to a target (h2 over TLS or h2c with prior knowledge) that carries many requests at once,
 * each on its own stream. A stream is a child channel whose pipeline turns HTTP/1.x objects into HTTP/2 frames
 * and back (Netty's {@link Http2StreamFrameToHttpObjectCodec}) and ends in an {@link HttpBackendHandler}, so the
 * {@link HttpFrontendHandler} drives it as it drives an HTTP/1.1 connection. HTTP/2 flow control gives each stream
 * its own backpressure: a stream is unwritable while its window is used up, and a stream that is not read grants
 * the target no more window.
 *
 * <p>Not thread-safe: used on the event loop the connection was made on.
 */
final class Http2TargetConnection {
    private final Channel channel;
    private final Http2FrameCodec codec;
    /** Completes when the connection can carry streams: connected, and for TLS, ALPN chose h2. */
    private final Future<Void> ready;
    private final ProxyCounters counters;
    /** Streams opened and not yet closed (some may not have sent their HEADERS yet). */
    private int openStreams;

    Http2TargetConnection(Channel channel, Http2FrameCodec codec, Future<Void> ready, ProxyCounters counters) {
        this.channel = channel;
        this.codec = codec;
        this.ready = ready;
        this.counters = counters;
    }

    Channel channel() {
        return channel;
    }

    /** True while a new stream may be opened here: open, no GOAWAY from the target, below its stream limit. */
    boolean acceptsStreams() {
        if (!channel.isOpen() || (ready.isDone() && !ready.isSuccess())) {
            return false;
        }
        if (codec.connection().goAwayReceived() || codec.connection().goAwaySent()) {
            return false;
        }
        return openStreams < codec.connection().local().maxActiveStreams();
    }

    /** True when no stream is open on this connection. */
    boolean idle() {
        return openStreams == 0;
    }

    /** Opens a stream once the connection is ready; the promise fails when the connection cannot be made. */
    void openStream(Promise<Channel> promise) {
        openStreams++;
        ready.addListener(f -> {
            if (!f.isSuccess()) {
                openStreams--;
                promise.tryFailure(f.cause());
                return;
            }
            Future<Http2StreamChannel> open = new Http2StreamChannelBootstrap(channel)
                    .handler(new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel stream) {
                            stream.pipeline().addLast(HttpBackendHandler.CODEC,
                                    new Http2StreamFrameToHttpObjectCodec(false));
                            stream.pipeline().addLast(new Http2StreamResponseAdapter());
                            stream.pipeline().addLast(HttpBackendHandler.NAME, new HttpBackendHandler(counters));
                        }
                    }).open();
            open.addListener(s -> {
                if (!s.isSuccess()) {
                    openStreams--;
                    promise.tryFailure(s.cause());
                    return;
                }
                Channel stream = open.getNow();
                counters.increment("backend.h2.stream.opened");
                stream.closeFuture().addListener(c -> openStreams--);
                if (!promise.trySuccess(stream)) {
                    stream.close(); // the exchange gave up while the stream was opening
                }
            });
        });
    }
}
