package dev.ballast.proxy;

import io.netty.channel.ChannelPipeline;

/**
 * The HTTP/1.1 frontend's handlers, installed the same way on a plain HTTP connection and on an HTTPS connection
 * whose handshake chose {@code http/1.1}: the framing guard, the codec and {@link HttpFrontendHandler}.
 *
 * <p>Thread-safe (stateless).
 */
final class HttpFrontendPipeline {
    private HttpFrontendPipeline() {}

    /** Adds the HTTP/1.1 frontend for a connection of {@code binding} at the end of {@code pipeline}. */
    static void install(ChannelPipeline pipeline, ListenerBinding binding, ProxyContext context) {
        FrontendHttpCodec codec = new FrontendHttpCodec();
        pipeline.addLast(RequestFramingGuard.NAME,
                new RequestFramingGuard(context.options().requestHeadTimeout().toMillis()));
        pipeline.addLast(HttpFrontendHandler.CODEC, codec);
        pipeline.addLast(HttpFrontendHandler.NAME, new HttpFrontendHandler(binding, context, codec,
                pipeline.get(ClientTrafficCounter.class)));
    }
}
