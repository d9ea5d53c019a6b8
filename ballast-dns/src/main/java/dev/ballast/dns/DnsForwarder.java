package dev.ballast.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Header;
import org.xbill.DNS.Rcode;

/**
 * Sends queries for names outside Ballast's zones to upstream resolvers (the host's) over UDP and hands their
 * responses back: each query gets a fresh random id, a response is accepted only from the upstream it was sent to
 * with that id, and an upstream that does not answer within the timeout is replaced by the next; when none answers,
 * the client gets SERVFAIL. A response larger than the client's limit (its UDP payload size) becomes SERVFAIL, so
 * forwarding never amplifies. At most {@link #MAX_PENDING} queries are in flight; more get SERVFAIL at once.
 *
 * <p>Thread-safe: pending queries are in a concurrent map; replies are called on the forwarder's event loop.
 */
final class DnsForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsForwarder.class);
    /** Queries forwarded and not yet answered, at most. */
    static final int MAX_PENDING = 4096;
    private static final int QR_BIT = 0x80;

    private final List<InetSocketAddress> upstreams;
    private final Duration timeout;
    private final ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Channel channel;

    private DnsForwarder(List<InetSocketAddress> upstreams, Duration timeout, EventLoopGroup group,
                         Class<? extends DatagramChannel> type) throws BindException {
        this.upstreams = List.copyOf(upstreams);
        this.timeout = timeout;
        var bound = new Bootstrap().group(group).channel(type).handler(new ResponseHandler())
                .bind(new InetSocketAddress(0)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            BindException failure = new BindException("DNS forwarding socket: " + bound.cause().getMessage());
            failure.initCause(bound.cause());
            throw failure;
        }
        this.channel = bound.channel();
    }

    /** A forwarder to {@code upstreams} (at least one), each given {@code timeout} to answer. */
    static DnsForwarder start(List<InetSocketAddress> upstreams, Duration timeout, EventLoopGroup group,
                              Class<? extends DatagramChannel> type) throws BindException {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("upstreams: [] (expected: at least one resolver)");
        }
        return new DnsForwarder(upstreams, timeout, group, type);
    }

    /**
     * Forwards {@code query} and calls {@code reply} once with the response (the query's own id restored), or with
     * SERVFAIL when no upstream answers in time or the answer is longer than {@code maxLength}.
     */
    void forward(byte[] query, int maxLength, Consumer<byte[]> reply) {
        if (pending.size() >= MAX_PENDING) {
            reply.accept(DnsQueryResponder.headerOnly(query, Rcode.SERVFAIL));
            return;
        }
        byte[] outgoing = query.clone();
        int id;
        Pending entry = new Pending(query, maxLength, reply);
        do {
            id = ThreadLocalRandom.current().nextInt(1 << 16);
        } while (pending.putIfAbsent(id, entry) != null);
        outgoing[0] = (byte) (id >> 8);
        outgoing[1] = (byte) id;
        entry.outgoing = outgoing;
        send(id, entry);
    }

    private void send(int id, Pending entry) {
        InetSocketAddress upstream = upstreams.get(entry.attempt);
        entry.upstream = upstream;
        // The timer is set before the query leaves, so a response can always cancel it.
        entry.timer = channel.eventLoop().schedule(() -> timedOut(id, entry), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(entry.outgoing), upstream));
    }

    private void timedOut(int id, Pending entry) {
        if (pending.get(id) != entry) {
            return; // answered meanwhile
        }
        entry.attempt++;
        if (entry.attempt < upstreams.size()) {
            send(id, entry);
        } else if (pending.remove(id, entry)) {
            LOG.debug("no upstream resolver answered a forwarded query within {}", timeout);
            entry.reply.accept(DnsQueryResponder.headerOnly(entry.query, Rcode.SERVFAIL));
        }
    }

    private void received(DatagramPacket packet) {
        if (packet.content().readableBytes() < Header.LENGTH) {
            return;
        }
        byte[] response = ByteBufUtil.getBytes(packet.content());
        int id = ((response[0] & 0xFF) << 8) | (response[1] & 0xFF);
        Pending entry = pending.get(id);
        // Only the upstream asked may answer, and only with a response: anything else is ignored (spoofing).
        if (entry == null || (response[2] & QR_BIT) == 0 || !packet.sender().equals(entry.upstream)
                || !pending.remove(id, entry)) {
            return;
        }
        entry.timer.cancel(false);
        if (response.length > entry.maxLength) {
            entry.reply.accept(DnsQueryResponder.headerOnly(entry.query, Rcode.SERVFAIL));
            return;
        }
        response[0] = entry.query[0];
        response[1] = entry.query[1];
        entry.reply.accept(response);
    }

    /** Stops forwarding; queries in flight get no reply. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        pending.values().forEach(p -> {
            if (p.timer != null) {
                p.timer.cancel(false);
            }
        });
        pending.clear();
    }

    /** One forwarded query: what the client sent, where it went, and whom to answer. */
    private static final class Pending {
        final byte[] query;
        final int maxLength;
        final Consumer<byte[]> reply;
        byte[] outgoing;
        int attempt;
        volatile InetSocketAddress upstream;
        volatile ScheduledFuture<?> timer;

        Pending(byte[] query, int maxLength, Consumer<byte[]> reply) {
            this.query = query;
            this.maxLength = maxLength;
            this.reply = reply;
        }
    }

    /** Reads the upstreams' responses. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            received(packet);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("DNS forwarding: {}", cause.toString());
        }
    }
}
