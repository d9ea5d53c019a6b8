package dev.ballast.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The HTTP/2 frontend's handlers, installed on an HTTPS connection whose handshake chose ALPN {@code h2} (the
 * {@link FrontendProtocols} hook). It ends in the same {@link HttpFrontendHandler} as HTTP/1.1
 * ({@link HttpFrontendPipeline}), one per stream, which sees its stream as HTTP/1.x objects (Netty's
 * {@link Http2StreamFrameToHttpObjectCodec}), so rules, actions, headers and forwarding are one code path.
 *
 * <p>Thread-safe (stateless); call it from the channel's event loop while it sets the pipeline up.
 */
final class Http2FrontendPipeline {
    static final String HTTP2_CODEC = "frontend-h2-codec";
    static final String HTTP2_MULTIPLEX = "frontend-h2-multiplex";
    static final String FLUSH_CONSOLIDATION = "frontend-h2-flush";
    private static final String STREAM_CODEC = "frontend-h2-stream-codec";
    private static final String REQUEST_ADAPTER = "frontend-h2-request";
    /** Stateless (Netty's is sharable), so every stream of every connection uses this one. */
    private static final Http2StreamFrameToHttpObjectCodec STREAM_TO_HTTP = new Http2StreamFrameToHttpObjectCodec(true);
    /** At most this many stream flushes become one TLS flush while the connection is busy reading. */
    private static final int FLUSHES_PER_TLS_WRITE = 256;

    private Http2FrontendPipeline() {
    }

    /**
     * Adds the HTTP/2 front end to a connection whose TLS handshake chose ALPN {@code h2}: the frame codec with
     * ALB's limits ({@link Http2FrontendCodec}), the connection's idle timeout, and per stream the HTTP/1.x view
     * and an {@link HttpFrontendHandler}.
     */
    static void install(ChannelPipeline pipeline, ListenerBinding binding, ProxyContext proxy) {
        Http2FrameCodec codec = Http2FrontendCodec.build();
        ClientTrafficCounter traffic = pipeline.get(ClientTrafficCounter.class);
        // Every stream's response flushes the connection; without this each becomes its own TLS record and write.
        // Between the TLS handler and the codec, flushes made while the connection reads are sent once at the end
        // of the read (or after FLUSHES_PER_TLS_WRITE); those made outside a read (responses arriving from
        // targets) are gathered into one task that runs after the event loop's current batch of work.
        pipeline.addLast(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(FLUSHES_PER_TLS_WRITE, true));
        pipeline.addLast(Http2ConnectionIdleTimeout.NAME, new Http2ConnectionIdleTimeout(binding, proxy, codec));
        pipeline.addLast(HTTP2_CODEC, codec);
        pipeline.addLast(HTTP2_MULTIPLEX, new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast(STREAM_CODEC, STREAM_TO_HTTP);
                stream.pipeline().addLast(REQUEST_ADAPTER, Http2StreamRequestAdapter.INSTANCE);
                stream.pipeline().addLast(HttpFrontendHandler.NAME, HttpFrontendHandler.forHttp2Stream(binding, proxy,
                        traffic));
            }
        }));
        pipeline.addLast(new Http2ConnectionErrors(proxy.counters()));
    }
}
