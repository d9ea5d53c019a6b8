package dev.ballast.proxy.l4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One UDP flow of a network listener: a client address and port, the target it sticks to, and the connected
 * socket that talks to that target. Datagrams from the client go to the target (after a PROXY protocol v2 header
 * when the group asks for it); the target's answers go back to the client from the listener's own socket, so the
 * client sees them come from the address it sent to. Datagrams that arrive while the socket is still being set up
 * wait in a short queue.
 *
 * <p>Not thread-safe: confined to the listener's event loop, except {@link #terminate}, which hops onto it.
 */
final class UdpFlow implements L4Connections.Terminable {
    /** Datagrams kept while the socket towards the target is being set up; more are dropped. */
    private static final int MAX_PENDING = 64;

    private final InetSocketAddress client;
    private final InetSocketAddress listenerAddress;
    private final Channel listener;
    private final boolean proxyProtocol;
    private final Runnable onClose;
    private final Queue<ByteBuf> pending = new ArrayDeque<>();
    private Channel backend;
    private boolean ready;
    private boolean closed;
    private long lastActiveMillis;

    UdpFlow(InetSocketAddress client, Channel listener, boolean proxyProtocol, long nowMillis, Runnable onClose) {
        this.client = client;
        this.listener = listener;
        this.listenerAddress = (InetSocketAddress) listener.localAddress();
        this.proxyProtocol = proxyProtocol;
        this.onClose = onClose;
        this.lastActiveMillis = nowMillis;
    }

    /** Starts using {@code connect}'s channel towards the target; queued datagrams are sent once it is ready. */
    void connecting(ChannelFuture connect) {
        backend = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                close();
                return;
            }
            ready = true;
            ByteBuf next;
            while ((next = pending.poll()) != null) {
                backend.write(next, backend.voidPromise());
            }
            backend.flush();
        });
    }

    /** Sends {@code content} (owned by this call) from the client to the target; false if it had to be dropped. */
    boolean fromClient(ByteBuf content, long nowMillis) {
        lastActiveMillis = nowMillis;
        if (closed) {
            content.release();
            return false;
        }
        ByteBuf datagram = proxyProtocol ? withHeader(content) : content;
        if (ready) {
            backend.writeAndFlush(datagram, backend.voidPromise());
            return true;
        }
        if (pending.size() >= MAX_PENDING) {
            datagram.release();
            return false;
        }
        pending.add(datagram);
        return true;
    }

    /** Sends the target's answer {@code content} (owned by this call) back to the client from the listener. */
    void fromTarget(ByteBuf content, long nowMillis) {
        lastActiveMillis = nowMillis;
        listener.writeAndFlush(new DatagramPacket(content, client), listener.voidPromise());
    }

    /** True if nothing went either way for {@code idleMillis} up to {@code nowMillis}. */
    boolean idleSince(long nowMillis, long idleMillis) {
        return nowMillis - lastActiveMillis >= idleMillis;
    }

    /** Closes the socket towards the target and forgets the flow. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        ByteBuf next;
        while ((next = pending.poll()) != null) {
            next.release();
        }
        if (backend != null) {
            backend.close();
        }
        onClose.run();
    }

    @Override
    public void terminate() {
        listener.eventLoop().execute(this::close);
    }

    private ByteBuf withHeader(ByteBuf content) {
        CompositeByteBuf out = listener.alloc().compositeBuffer(2);
        out.addComponent(true, ProxyProtocolV2.proxy(listener.alloc(), false, client, listenerAddress));
        out.addComponent(true, content);
        return out;
    }
}
