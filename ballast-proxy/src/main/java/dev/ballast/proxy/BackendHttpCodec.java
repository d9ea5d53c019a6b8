package dev.ballast.proxy;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpRequestEncoder;

/**
 * The HTTP/1.1 codec of a target connection: requests go out through Netty's encoder, responses come in through a
 * {@link BackendResponseReader}, which passes heads and bodies on as bytes. Removed as one when the connection
 * becomes a WebSocket tunnel.
 *
 * <p>Not thread-safe: one per target connection, used on its event loop.
 */
final class BackendHttpCodec extends CombinedChannelDuplexHandler<BackendResponseReader, HttpRequestEncoder> {
    private final BackendResponseReader reader;

    BackendHttpCodec() {
        this(new BackendResponseReader());
    }

    private BackendHttpCodec(BackendResponseReader reader) {
        super(reader, new HttpRequestEncoder());
        this.reader = reader;
    }

    /** The response side. */
    BackendResponseReader reader() {
        return reader;
    }
}
