package dev.ballast.proxy.l4;

import dev.ballast.proxy.accesslog.AccessLogRecord;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;

/**
 * Builds the access log line of one TCP connection to a load balancer that logs its connections (a Classic Load
 * Balancer's TCP listener; {@link TlsConnectionLog} adds what TLS listeners log): counts the bytes each way, notes
 * the target, when it was connected and when the first bytes came back from it and went on to the client, and hands
 * the record to the access log writer when the connection closes (one line per connection).
 *
 * <p>Not thread-safe: one per client connection, on its event loop (the target side's stamp runs on the same loop).
 */
class ConnectionLog extends ChannelDuplexHandler {
    private final L4Context context;
    final AccessLogRecord record;

    ConnectionLog(Channel channel, L4ListenerConfig config, L4Context context, String type) {
        this.context = context;
        this.record = new AccessLogRecord(config.accessLog(), context.options().clock().instant(), System.nanoTime(),
                "-");
        record.type = type;
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        record.clientIp = remote.getAddress().getHostAddress();
        record.clientPort = remote.getPort();
        record.localIp = ((InetSocketAddress) channel.localAddress()).getAddress().getHostAddress();
    }

    /** The connection is being relayed to {@code target}: its connect starts now. */
    void target(InetSocketAddress target) {
        record.targetAt(target.getAddress().getHostAddress(), target.getPort());
        record.connectStartedNanos = System.nanoTime();
    }

    /** The target accepted the connection. */
    void connected() {
        record.connectedNanos = System.nanoTime();
    }

    /** A handler for the target's pipeline that notes when the target's first bytes arrive. */
    ChannelHandler targetSide() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (record.firstTargetByteNanos == 0) {
                    record.firstTargetByteNanos = System.nanoTime();
                }
                ctx.pipeline().remove(this);
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            record.receivedBytes += buf.readableBytes();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ByteBuf buf) {
            if (record.firstClientWriteNanos == 0 && buf.isReadable()) {
                record.firstClientWriteNanos = System.nanoTime();
            }
            record.sentBytes += buf.readableBytes();
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed();
        record.finished = context.options().clock().instant();
        context.accessLogs().offer(record);
        super.channelInactive(ctx);
    }

    /** The connection closed; the record is queued right after. */
    void closed() {
    }
}
